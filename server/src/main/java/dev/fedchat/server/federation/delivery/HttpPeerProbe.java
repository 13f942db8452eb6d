package dev.fedchat.server.federation.delivery;

import dev.fedchat.protocol.discovery.PeerCache;
import dev.fedchat.protocol.discovery.PeerNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@link PeerProbe} over HTTP: {@code GET <url>/api/info} at the URL discovery gives for the
 * domain (from the {@link PeerCache}, so a probe costs no DNS lookup while the entry is fresh),
 * answered when the status is 200. The body is not read: the stream is closed on the status line,
 * so a peer cannot make a probe read a large or endless answer. No redirects, no headers of ours.
 */
public final class HttpPeerProbe implements PeerProbe {
    private final PeerCache peers;
    private final Duration timeout;
    private final HttpClient http;

    public HttpPeerProbe(PeerCache peers, Duration timeout) {
        this.peers = peers;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean answers(String domain) {
        URI info;
        try {
            info = URI.create(peers.find(domain).url().toString().replaceAll("/+$", "") + "/api/info");
        } catch (PeerNotFoundException | IllegalArgumentException e) {
            return false;
        }
        HttpRequest request = HttpRequest.newBuilder(info).timeout(timeout).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream ignored = response.body()) {
                return response.statusCode() == 200;
            }
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
