package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A hub on a free loopback port for tests, on a moving clock, with plain HTTP helpers that return
 * whatever the hub answered (status, headers, body) so tests can look at every part.
 */
final class TestHub implements AutoCloseable {
    static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    /** Loose enough that only the tests of the limits meet them. */
    static final HubLimits ROOMY = new HubLimits(HubLimits.DEFAULTS.linkLifetime(), HubLimits.DEFAULTS.mailInterval(),
            HubLimits.PerAddress.perHour(1000), HubLimits.PerAddress.perMinute(1000));
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final HubServer server;
    final MutableClock clock;
    final HubConfig config;

    private TestHub(HubServer server, MutableClock clock, HubConfig config) {
        this.server = server;
        this.clock = clock;
        this.config = config;
    }

    static HubConfig config(Path dataDir) {
        return HubConfig.embedded(dataDir, 0).withHost("127.0.0.1").withLimits(ROOMY);
    }

    static TestHub start(HubConfig config, Mailer mailer, MutableClock clock) {
        return new TestHub(HubServer.start(config, mailer, clock), clock, config);
    }

    /** A mailer sending through the SMTP server on {@code port} (GreenMail). */
    static Mailer smtp(int port) {
        return MailConfig.smtp("127.0.0.1", port, "hub@hub.test").mailer();
    }

    URI uri() {
        return URI.create(server.url());
    }

    HttpResponse<String> register(String domain, String url, String key) {
        return postJson(body(domain, url, key));
    }

    static String body(String domain, String url, String key) {
        return "{\"domain\":" + quote(domain) + ",\"url\":" + quote(url) + ",\"public_key\":" + quote(key) + "}";
    }

    HttpResponse<String> postJson(String json) {
        return send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v1/peers"))
                .header("Content-Type", "application/json").header("x-federation-domain", "whoever.test")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> lookup(String search) {
        return get(server.url() + "/api/v1/peers?search=" + search);
    }

    /** Opens a link from a mail as a browser would, but on the hub's real port. */
    HttpResponse<String> open(URI link) {
        return get(local(link));
    }

    /** Presses the Confirm button: the form POST to the link. */
    HttpResponse<String> confirm(URI link) {
        return send(HttpRequest.newBuilder(URI.create(local(link))).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private String local(URI link) {
        assertThat(link.toString()).as("links point at the public URL").startsWith(server.publicUrl());
        return server.url() + link.getRawPath();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name);
    }

    @Override
    public void close() {
        server.close();
    }

    static MutableClock clock() {
        return new MutableClock(START);
    }
}
