package dev.fedchat.server.message.markdown;

import java.net.IDN;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a browser's URL parser ({@code new URL(text)}, the WHATWG URL standard) takes a text as an absolute
 * URL: the auto-link keeps such a text as its href and prefixes {@code //} to any other. An approximation that
 * holds for what the grammar lets through: a scheme, then for the special schemes a non-empty host free of
 * forbidden code points and a numeric port; anything after a scheme for the others ({@code localhost:3000}
 * is a URL of scheme {@code localhost}).
 */
final class WebUrls {
    private static final Set<String> SPECIAL = Set.of("http", "https", "ws", "wss", "ftp", "file");
    private static final String FORBIDDEN_HOST = " #/:<>?@[\\]^|%\t\n\r\u0000\u007F";

    private WebUrls() {}

    static boolean parses(String text) {
        String url = text.strip();
        int colon = url.indexOf(':');
        if (colon <= 0 || !CharClasses.asciiLetter(url.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = url.charAt(i);
            if (!CharClasses.asciiAlnum(c) && c != '+' && c != '-' && c != '.') {
                return false;
            }
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SPECIAL.contains(scheme) || scheme.equals("file")) {
            return true;
        }
        int start = colon + 1;
        while (start < url.length() && (url.charAt(start) == '/' || url.charAt(start) == '\\')) {
            start++;
        }
        int end = start;
        while (end < url.length() && "/?#\\".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        int portAt = hostAndPort.lastIndexOf(':');
        String host = portAt >= 0 ? hostAndPort.substring(0, portAt) : hostAndPort;
        if (portAt >= 0 && !validPort(hostAndPort.substring(portAt + 1))) {
            return false;
        }
        if (host.isEmpty()) {
            return false;
        }
        if (!host.chars().allMatch(c -> c < 0x80)) {
            try { // the host's IDNA form; one that has none (a non-ASCII blank, say) is no URL
                host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (FORBIDDEN_HOST.indexOf(c) >= 0 || c < 0x20) {
                return false;
            }
        }
        return true;
    }

    private static boolean validPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        return Integer.parseInt(port) <= 65535;
    }
}
