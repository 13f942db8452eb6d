package dev.fedchat.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A raw DDP client over the JDK's WebSocket: sends frames, records every frame received, and
 * waits (Awaitility, no sleeps) for the first frame matching a condition.
 */
public final class DdpClient implements AutoCloseable {
    private final WebSocket socket;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private int nextId = 1;

    private DdpClient(String wsUrl) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(wsUrl), new Listener())
                .orTimeout(10, TimeUnit.SECONDS).join();
    }

    public static DdpClient connect(String httpUrl) {
        return new DdpClient(httpUrl.replaceFirst("^http", "ws") + "/websocket");
    }

    /** connect + connected. */
    public DdpClient handshake() {
        send(Json.obj("msg", "connect", "version", "1", "support", List.of("1", "pre2", "pre1")));
        await(f -> f.path("msg").asText().equals("connected"));
        return this;
    }

    public void send(Object frame) {
        socket.sendText(Json.write(frame), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Calls a method and returns its {@code result} frame (which may hold an error). Params may be null. */
    public JsonNode call(String method, Object... params) {
        String id = String.valueOf(nextId++);
        send(Json.obj("msg", "method", "id", id, "method", method, "params", Arrays.asList(params)));
        return await(f -> f.path("msg").asText().equals("result") && f.path("id").asText().equals(id));
    }

    /** Subscribes and returns the {@code ready} or {@code nosub} answer. */
    public JsonNode subscribe(String name, Object... params) {
        String id = String.valueOf(nextId++);
        send(Json.obj("msg", "sub", "id", id, "name", name, "params", Arrays.asList(params)));
        return await(f -> (f.path("msg").asText().equals("ready") && f.path("subs").toString().contains("\"" + id + "\""))
                || (f.path("msg").asText().equals("nosub") && f.path("id").asText().equals(id)));
    }

    public JsonNode loginWithPassword(String username, String password) {
        return call("login", Json.obj("user", Json.obj("username", username),
                "password", Json.obj("digest", sha256(password), "algorithm", "sha-256")));
    }

    /** The first received frame matching {@code condition}, waiting up to 5 s. */
    public JsonNode await(Predicate<JsonNode> condition) {
        return Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(2))
                .until(() -> received.stream().filter(condition).findFirst().orElse(null), f -> f != null);
    }

    public List<JsonNode> received() {
        return received;
    }

    public static String sha256(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    /** Completes with the close status code when the server closes the connection. */
    public CompletableFuture<Integer> closedByServer() {
        return closed;
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(Json.read(partial.toString()));
                partial.setLength(0);
            }
            ws.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
