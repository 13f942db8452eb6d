package dev.fedchat.protocol.discovery;

import java.net.URI;
import java.util.Locale;

/**
 * What DNS discovery can say about {@code Site_Url}: the scheme, the host and the port. A path
 * is kept only so callers can warn about it: peers build {@code <scheme>://<target>:<port>} from
 * the SRV record and nothing else (federation-protocol.md §4.1 step 8).
 *
 * @param host lower case, without the brackets of an IPv6 literal and without a trailing dot
 * @param port the URL's port, or the scheme's default (443, 80)
 * @param path the URL's path, {@code ""} when it is empty or {@code /}
 */
public record SiteAddress(String scheme, String host, int port, String path) {

    public static SiteAddress parse(String siteUrl) {
        if (siteUrl == null || siteUrl.isBlank()) {
            throw invalid(siteUrl, "it is empty");
        }
        try {
            return of(new URI(siteUrl.trim()));
        } catch (java.net.URISyntaxException e) {
            throw invalid(siteUrl, "it is not a URL (" + e.getMessage() + ")");
        }
    }

    public static SiteAddress of(URI siteUrl) {
        if (siteUrl == null) {
            throw invalid(null, "it is empty");
        }
        String scheme = siteUrl.getScheme() == null ? "" : siteUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw invalid(siteUrl.toString(), "it must start with https:// or http://");
        }
        String host = siteUrl.getHost();
        if (host == null || host.isEmpty()) {
            // java.net.URI leaves the host out when it is not a valid host name (an underscore, say)
            throw invalid(siteUrl.toString(), "it has no valid host name (letters, digits, hyphens and dots)");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        int port = siteUrl.getPort() != -1 ? siteUrl.getPort() : scheme.equals("https") ? 443 : 80;
        String path = siteUrl.getRawPath() == null || siteUrl.getRawPath().equals("/") ? "" : siteUrl.getRawPath();
        return new SiteAddress(scheme, host, port, path);
    }

    /** True when the host is an IPv4 or IPv6 literal rather than a name. */
    public boolean hostIsAddress() {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    /** True when the host names this machine only ({@code localhost}, 127.x, ::1): peers cannot reach it. */
    public boolean hostIsLoopback() {
        return host.equals("localhost") || host.endsWith(".localhost")
                || (host.startsWith("127.") && hostIsAddress()) || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    /** The base URL peers derive from the SRV record. */
    public String federationUrl() {
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static DnsRecordsException invalid(String text, String why) {
        return new DnsRecordsException(DnsRecordsException.Input.SITE_URL, "Site_Url '" + text + "' is not usable: " + why);
    }
}
