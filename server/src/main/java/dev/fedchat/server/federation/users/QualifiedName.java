package dev.fedchat.server.federation.users;

import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.FederationDomain;
import dev.fedchat.server.error.RcException;

/**
 * {@code <name>@<domain>}, how a user of another server is named (federation-protocol.md §8.1).
 * {@code name} is a username, or in a search also a display name ({@code Bob Builder@beta.test});
 * {@code domain} is in canonical form (lower case, no trailing dot). Rocket.Chat split on every
 * {@code @} and kept the first two parts; here exactly one {@code @} is allowed, since no username
 * may contain one.
 */
public record QualifiedName(String name, String domain) {
    private static final String NOT_USABLE = "is not usable: ";

    /** True when {@code text} is meant as a qualified name: something on both sides of an {@code @}. */
    public static boolean looksQualified(String text) {
        String t = stripLeadingAt(text);
        int at = t.indexOf('@');
        return at > 0 && at < t.length() - 1;
    }

    /** Reads {@code bob@beta.test} (a leading {@code @}, as in a mention, is allowed). */
    public static QualifiedName parse(String text) {
        String t = stripLeadingAt(text).strip();
        int at = t.indexOf('@');
        if (at <= 0 || at == t.length() - 1 || t.indexOf('@', at + 1) >= 0) {
            throw invalid(text, "it is not of the form user@domain");
        }
        try {
            return new QualifiedName(t.substring(0, at), FederationDomain.parse(t.substring(at + 1)).name());
        } catch (DnsRecordsException e) {
            // the message is worded for an admin setting FEDERATION_Domain: keep only its reason
            String why = e.getMessage();
            int reason = why.indexOf(NOT_USABLE);
            throw invalid(text, "the domain " + (reason < 0 ? "is not usable: " + why
                    : "'" + t.substring(at + 1) + "' " + NOT_USABLE + why.substring(reason + NOT_USABLE.length())));
        }
    }

    @Override
    public String toString() {
        return name + "@" + domain;
    }

    private static String stripLeadingAt(String text) {
        String t = text == null ? "" : text.strip();
        return t.startsWith("@") ? t.substring(1) : t;
    }

    private static RcException invalid(String text, String why) {
        return RcException.invalid("error-invalid-username", "Not a user of another server: '" + text + "': " + why);
    }
}
