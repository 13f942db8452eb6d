package dev.fedchat.protocol.discovery;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A federation domain ({@code FEDERATION_Domain}): the DNS name peers look this server up under,
 * and the part after {@code @} in its federated user names. Kept in canonical form: ASCII
 * (an internationalised name is converted to its {@code xn--} form), lower case, no trailing dot.
 *
 * <p>Rocket.Chat accepted any text and removed one {@code @} (federation-protocol.md §1.1); we do
 * the same with a leading {@code @}, and refuse what cannot carry DNS records, with a reason.
 */
public record FederationDomain(String name) {
    /**
     * Longest domain whose longest record name, {@code rocketchat-public-key.<domain>}, still fits
     * the 253 characters of a DNS name.
     */
    public static final int MAX_LENGTH = 253 - "rocketchat-public-key.".length();
    private static final int MAX_LABEL = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public FederationDomain {
        String problem = problem(name);
        if (problem != null) {
            throw invalid(name, problem);
        }
    }

    /** Reads a domain as an admin types it: surrounding spaces, a leading {@code @}, a trailing dot and upper case are fine. */
    public static FederationDomain parse(String text) {
        if (text == null || text.isBlank()) {
            throw new DnsRecordsException(DnsRecordsException.Input.DOMAIN,
                    "FEDERATION_Domain is empty: set it to the domain peers find this server under, e.g. example.org");
        }
        String t = text.trim();
        if (t.startsWith("@")) {
            t = t.substring(1);
        }
        if (t.contains("://")) {
            throw invalid(text, "it is a URL; the domain is a bare name such as example.org (the URL belongs in Site_Url)");
        }
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        if (!t.chars().allMatch(c -> c < 128)) {
            try {
                t = IDN.toASCII(t, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw invalid(text, "it is not a valid internationalised domain name (" + e.getMessage() + ")");
            }
        }
        return new FederationDomain(t.toLowerCase(Locale.ROOT));
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "it is empty";
        }
        for (char c : new char[] {'/', ':', '@', ' '}) {
            if (name.indexOf(c) >= 0) {
                return c == ':' ? "it has a port; the port comes from Site_Url through the SRV record"
                        : "it contains '" + c + "'; the domain is a bare name such as example.org";
            }
        }
        if (name.length() > MAX_LENGTH) {
            return "it is " + name.length() + " characters long; at most " + MAX_LENGTH
                    + " leave room for the record names under it";
        }
        if (IPV4.matcher(name).matches()) {
            return "it is an IP address; DNS records can only be published under a domain name";
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return "it has an empty label (two dots in a row, or a leading dot)";
            }
            if (label.length() > MAX_LABEL) {
                return "the label '" + label + "' is longer than " + MAX_LABEL + " characters";
            }
            if (!LABEL.matcher(label).matches()) {
                return "the label '" + label + "' is not a host name label (lower-case letters, digits and inner hyphens)";
            }
        }
        return null;
    }

    private static DnsRecordsException invalid(String text, String why) {
        return new DnsRecordsException(DnsRecordsException.Input.DOMAIN, "FEDERATION_Domain '" + text + "' is not usable: " + why);
    }

    @Override
    public String toString() {
        return name;
    }
}
