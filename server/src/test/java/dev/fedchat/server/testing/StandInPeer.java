package dev.fedchat.server.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fedchat.protocol.testing.TestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A scripted peer server for federation tests: the JDK's HTTP server on a free port of
 * {@code localhost}, answering each server-to-server method ({@code federation.users.getByUsername},
 * …) with the status and JSON last set by {@link #answer}, anything else with 404, and recording
 * every request. It has a key pair of its own so {@link FederatedServers#publish(String, StandInPeer)}
 * can put it in DNS like a real server. It never decrypts anything: it answers GETs, and POSTs
 * without reading them ({@code federation.events.dispatch} refused with a 400, say, or taken with
 * {@code {"success":true}}).
 */
public final class StandInPeer implements AutoCloseable {
    /** One request as the peer saw it: method, path and raw query; header names in lower case. */
    public record Request(String method, String path, String query, Map<String, String> headers) {}

    private record Answer(int status, String json) {}

    /** Any answer at all: a picture, a non-image, or (stall) a body that starts and never ends. */
    private record RawAnswer(int status, String contentType, byte[] body, boolean stall) {}

    private final Map<String, RawAnswer> rawAnswers = new ConcurrentHashMap<>();
    /** Released on close: a stalled answer waits on it instead of sleeping. */
    private final java.util.concurrent.CountDownLatch closing = new java.util.concurrent.CountDownLatch(1);

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String publicKeyPem = TestKeys.publicPem(TestKeys.generate());

    public StandInPeer() {
        try {
            // the address the servers' HTTP client will try first for the SRV target "localhost"
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** From now on, {@code GET|POST /api/v1/<method>} answers {@code status} with {@code json}. */
    public StandInPeer answer(String method, int status, String json) {
        answers.put("/api/v1/" + method, new Answer(status, json));
        return this;
    }

    /** From now on, {@code GET <path>} (no query) answers {@code status} with these bytes and this type. */
    public StandInPeer serve(String path, int status, String contentType, byte[] body) {
        rawAnswers.put(path, new RawAnswer(status, contentType, body, false));
        return this;
    }

    /** From now on, {@code GET <path>} sends 200, its headers and the first bytes of {@code body}, then nothing until closed. */
    public StandInPeer stall(String path, String contentType, byte[] body) {
        rawAnswers.put(path, new RawAnswer(200, contentType, body, true));
        return this;
    }

    /** A {@code federation.users.getByUsername} answer carrying {@link #user}. */
    public static String userAnswer(String id, String username, String name, String origin) {
        return "{\"user\":" + user(id, username, name, origin) + ",\"success\":true}";
    }

    /** A user as Rocket.Chat's normaliser writes it. */
    public static String user(String id, String username, String name, String origin) {
        return Json.write(Json.obj("_id", id, "username", username, "type", "user", "name", name,
                "emails", List.of(Json.obj("address", id + "@" + origin)), "active", true, "roles", List.of("user"),
                "status", "online", "federation", Json.obj("origin", origin, "originalInfo", Json.obj("email", id + "@" + origin)),
                "isRemote", false, "createdAt", "2020-01-02T03:04:05.678Z", "_updatedAt", "2020-01-02T03:04:05.678Z"));
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String publicKeyPem() {
        return publicKeyPem;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), headers));
            exchange.getRequestBody().readAllBytes();
            RawAnswer raw = rawAnswers.get(exchange.getRequestURI().getPath());
            if (raw != null) {
                exchange.getResponseHeaders().set("Content-Type", raw.contentType());
                exchange.sendResponseHeaders(raw.status(), raw.body().length);
                if (raw.stall()) {
                    exchange.getResponseBody().write(raw.body(), 0, Math.min(16, raw.body().length));
                    exchange.getResponseBody().flush();
                    try {
                        closing.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                exchange.getResponseBody().write(raw.body());
                return;
            }
            Answer answer = answers.getOrDefault(exchange.getRequestURI().getPath(),
                    new Answer(404, "{\"success\":false,\"error\":\"Resource not found\"}"));
            byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
