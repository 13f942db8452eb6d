package dev.fedchat.protocol.discovery;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks and normalises a federation domain: lower case, no trailing dot, valid DNS labels. */
public final class DomainName {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private DomainName() {}

    /** The domain in canonical form; throws {@link IllegalArgumentException} saying what is wrong. */
    public static String normalize(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("the domain is empty");
        }
        String d = domain.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.length() > 253) {
            throw new IllegalArgumentException("'" + domain + "' is not a domain name: longer than 253 characters");
        }
        for (String label : d.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + domain + "' is not a domain name: the label '" + label
                        + "' must be 1-63 letters, digits or hyphens, not starting or ending with a hyphen");
            }
        }
        return d;
    }
}
