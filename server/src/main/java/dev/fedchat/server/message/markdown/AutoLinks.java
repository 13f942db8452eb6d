package dev.fedchat.server.message.markdown;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a bare host ({@code rocket.chat/x}, {@code a@b.com}) is worth a link, as Rocket.Chat decides with
 * the {@code tldts} library: the host taken out of the text must be a well-formed name whose last labels are a
 * public suffix (ICANN or private, Guava's copy of the Public Suffix List here), or be {@code localhost} or a
 * configured custom domain, or end in one. {@code foo.bar} stays text, {@code foo.chat} links. Thread-safe.
 */
final class AutoLinks {
    private final List<String> validHosts;

    AutoLinks(List<String> customDomains) {
        List<String> hosts = new ArrayList<>();
        hosts.add("localhost");
        hosts.addAll(customDomains);
        this.validHosts = List.copyOf(hosts);
    }

    /** A URL the text names, or null when it stays plain; its href gains {@code //} when it has no scheme. */
    String linkHref(String src) {
        String host = hostOf(src);
        if (host == null || !validHostname(host)) {
            return null;
        }
        if (!hasPublicSuffix(host) && !endsInValidHost(host)) {
            return null;
        }
        return WebUrls.parses(src) || src.startsWith("//") ? src : "//" + src;
    }

    /** Whether an e-mail address's domain is one (custom domains do not count here). */
    boolean emailLinks(String address) {
        String host = hostOf("mailto:" + address);
        return host != null && validHostname(host) && hasPublicSuffix(host);
    }

    private boolean endsInValidHost(String host) {
        for (String valid : validHosts) {
            if (host.endsWith(valid) && (host.length() == valid.length()
                    || host.charAt(host.length() - valid.length() - 1) == '.')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The host part, lower-cased: after a leading {@code //} or a {@code scheme:/}, before the first
     * {@code / ? #}, after the last {@code @}, before a port; trailing dots dropped.
     */
    static String hostOf(String url) {
        if (validHostname(url)) {
            return withoutTrailingDots(url, 0, url.length());
        }
        if (url.startsWith("data:")) {
            return null;
        }
        int start = 0;
        int end = url.length();
        if (url.startsWith("//")) {
            start = 2;
        } else {
            int protocol = url.indexOf(":/");
            if (protocol >= 0) {
                for (int i = 0; i < protocol; i++) {
                    char c = (char) (url.charAt(i) | 32);
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+')) {
                        return null;
                    }
                }
                start = protocol + 2;
                while (start < url.length() && url.charAt(start) == '/') {
                    start++;
                }
            }
        }
        int at = -1;
        int port = -1;
        int closingBracket = -1;
        for (int i = start; i < end; i++) {
            char c = url.charAt(i);
            if (c == '#' || c == '/' || c == '?') {
                end = i;
                break;
            } else if (c == '@') {
                at = i;
            } else if (c == ':') {
                port = i;
            } else if (c == ']') {
                closingBracket = i;
            }
        }
        if (at > start && at < end) {
            start = at + 1;
        }
        if (start < url.length() && url.charAt(start) == '[') { // an IPv6 literal, as tldts reads one
            if (closingBracket < 0) {
                return null;
            }
            return closingBracket > start ? url.substring(start + 1, closingBracket).toLowerCase(Locale.ROOT) : "";
        }
        if (port > start && port < end) {
            end = port;
        }
        return withoutTrailingDots(url, start, end).toLowerCase(Locale.ROOT);
    }

    private static String withoutTrailingDots(String url, int start, int end) {
        int e = end;
        while (e > start + 1 && url.charAt(e - 1) == '.') {
            e--;
        }
        return url.substring(start, e);
    }

    /** Well-formed labels of lower-case ASCII letters, digits, {@code -}, {@code _} or any non-ASCII unit. */
    static boolean validHostname(String host) {
        int len = host.length();
        if (len == 0 || len > 255 || !labelChar(host.charAt(0)) || host.charAt(0) == '-' || host.charAt(0) == '_') {
            return false;
        }
        int lastDot = -1;
        char last = 0;
        for (int i = 0; i < len; i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (i - lastDot > 64 || last == '.' || last == '-' || last == '_') {
                    return false;
                }
                lastDot = i;
            } else if (!labelChar(c)) {
                return false;
            }
            last = c;
        }
        return len - lastDot - 1 <= 63 && last != '-';
    }

    private static boolean labelChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c > 127 || c == '-' || c == '_';
    }

    /**
     * Whether the host ends in a public suffix: its top label is one, or its last two are (the wildcard
     * rules such as {@code *.ck} name no top label of their own).
     */
    private static boolean hasPublicSuffix(String host) {
        String[] labels = host.split("\\.", -1);
        int n = labels.length;
        return isSuffix(labels[n - 1]) || (n >= 2 && isSuffix(labels[n - 2] + "." + labels[n - 1]));
    }

    private static boolean isSuffix(String name) {
        for (String candidate : new String[] {name, unicode(name)}) {
            if (candidate != null && InternetDomainName.isValid(candidate)
                    && InternetDomainName.from(candidate).isPublicSuffix()) {
                return true;
            }
        }
        return false;
    }

    private static String unicode(String name) {
        try {
            return IDN.toUnicode(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return null; // not valid punycode: only the name as written is looked up
        }
    }
}
