package dev.fedchat.protocol.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a peer's, a hub's or this server's URL must be before anyone calls it: absolute, http or
 * https (in any case), with a host. One rule for every place that reads such a URL from a
 * setting, an option or another server.
 */
public final class HttpUrls {
    private HttpUrls() {}

    public static boolean isHttp(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
    }

    /** {@code text} (surrounding spaces ignored) as a URL, or empty when it is not an http(s) URL. */
    public static Optional<URI> parse(String text) {
        try {
            return Optional.of(new URI(text.strip())).filter(HttpUrls::isHttp);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
