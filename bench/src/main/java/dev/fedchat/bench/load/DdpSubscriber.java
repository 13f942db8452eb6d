package dev.fedchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One DDP client subscribed to a room's {@code stream-room-messages}: it stamps the arrival time
 * of every message frame whose text carries the current {@link Expectation}'s marker, and times
 * DDP {@code ping} → {@code pong} round trips on the same socket.
 *
 * <p>The arrival stamp is taken first thing in the listener, before any parsing, and message
 * frames (which the server writes with {@code msg} first) are recognised by a substring search
 * rather than parsed, so the client adds as little as possible to the latency it measures.
 * Other frames are few and parsed: their key order is not fixed. Threading: the JDK calls the listener for one socket
 * one frame at a time; the driver reads the results through atomics and a lock.
 */
final class DdpSubscriber implements WebSocket.Listener, AutoCloseable {
    private static final long TIMEOUT_SECONDS = 10;

    private final String name;
    private final StringBuilder partial = new StringBuilder();
    /** Control frames the driver is waiting for: "connected", "result:<id>", "ready:<id>". */
    private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Long> pingsInFlight = new ConcurrentHashMap<>();
    /** Serialises writes: the JDK allows one outstanding send per socket. */
    private final Object sendLock = new Object();
    /** Guarded by {@code this}. */
    private Samples pingRtt = new Samples();
    private volatile Expectation expectation;
    private volatile WebSocket socket;
    /** Why the socket ended, when it did: reported with the failure that follows. */
    private volatile String ended;

    /** Which message texts count ({@code <prefix><seq>}) and when each arrived here. */
    static final class Expectation {
        private final String marker;
        private final AtomicLongArray arrivals;
        private final AtomicInteger received = new AtomicInteger();

        Expectation(String prefix, int count) {
            this.marker = "\"msg\":\"" + prefix;
            this.arrivals = new AtomicLongArray(count);
        }

        /** Arrival time (System.nanoTime) of message {@code seq}, or 0 when it never came. */
        long arrival(int seq) {
            return arrivals.get(seq);
        }

        int received() {
            return received.get();
        }

        void record(String frame, long now) {
            int at = frame.indexOf(marker);
            if (at < 0) {
                return;
            }
            int seq = 0;
            for (int i = at + marker.length(); i < frame.length() && Character.isDigit(frame.charAt(i)); i++) {
                seq = seq * 10 + (frame.charAt(i) - '0');
            }
            if (seq < arrivals.length() && arrivals.compareAndSet(seq, 0, now)) {
                received.incrementAndGet();
            }
        }
    }

    private DdpSubscriber(String name) {
        this.name = name;
    }

    /** Connects, resumes the REST login and subscribes to {@code roomId}'s messages. */
    static DdpSubscriber open(HttpClient http, String baseUrl, String name, String token, String roomId) {
        DdpSubscriber s = new DdpSubscriber(name);
        CompletableFuture<String> connected = s.expect("connected");
        s.socket = await(http.newWebSocketBuilder()
                .buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/websocket"), s), name + " open");
        s.send(Map.of("msg", "connect", "version", "1", "support", List.of("1")));
        await(connected, name + " connect");
        CompletableFuture<String> login = s.expect("result:1");
        s.send(Map.of("msg", "method", "method", "login", "id", "1", "params", List.of(Map.of("resume", token))));
        String result = await(login, name + " login");
        if (result.contains("\"error\"")) {
            throw new IllegalStateException(name + ": DDP login failed: " + result);
        }
        CompletableFuture<String> ready = s.expect("ready:2");
        s.send(Map.of("msg", "sub", "id", "2", "name", "stream-room-messages", "params", List.of(roomId, false)));
        String answer = await(ready, name + " sub");
        if (!answer.contains("\"ready\"")) {
            throw new IllegalStateException(name + ": subscription refused: " + answer);
        }
        return s;
    }

    void expectMessages(Expectation e) {
        this.expectation = e;
    }

    /** Sends a DDP ping whose pong will be timed. */
    void ping(String id) {
        pingsInFlight.put(id, System.nanoTime());
        sendRaw("{\"msg\":\"ping\",\"id\":\"" + id + "\"}");
    }

    /** The round trips timed so far, and forgets them. */
    synchronized Samples takePingRtts() {
        Samples taken = pingRtt;
        pingRtt = new Samples();
        return taken;
    }

    int pingsUnanswered() {
        return pingsInFlight.size();
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        long now = System.nanoTime();
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            onFrame(frame, now);
        }
        ws.request(1);
        return null;
    }

    private void onFrame(String frame, long now) {
        if (frame.startsWith("{\"msg\":\"changed\"")) {
            Expectation e = expectation;
            if (e != null) {
                e.record(frame, now);
            }
            return;
        }
        JsonNode node = parse(frame);
        switch (node.path("msg").asText()) {
            case "pong" -> pong(node.path("id").asText(), now);
            case "ping" -> sendRaw("{\"msg\":\"pong\"}"); // the server's keep-alive
            case "connected" -> complete("connected", frame);
            case "result" -> complete("result:" + node.path("id").asText(), frame);
            case "ready" -> node.path("subs").forEach(id -> complete("ready:" + id.asText(), frame));
            case "nosub" -> complete("ready:" + node.path("id").asText(), frame);
            default -> { } // "updated", the server id: nothing to do
        }
    }

    private void pong(String id, long now) {
        Long sent = pingsInFlight.remove(id);
        if (sent != null) {
            synchronized (this) {
                pingRtt.add(now - sent);
            }
        }
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        ended = "error: " + error;
        waiting.values().forEach(f -> f.completeExceptionally(error));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        ended = "closed by the server: " + statusCode + " " + reason;
        return null;
    }

    private CompletableFuture<String> expect(String key) {
        return waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
    }

    private void complete(String key, String frame) {
        expect(key).complete(frame);
    }

    private void send(Object frame) {
        sendRaw(RestClient.write(frame));
    }

    /** Waits for each write; pings from the driver and pongs from the listener may overlap. */
    private void sendRaw(String frame) {
        synchronized (sendLock) {
            try {
                await(socket.sendText(frame, true), name + " send");
            } catch (IllegalStateException e) {
                String why = ended;
                throw why == null ? e : new IllegalStateException(e.getMessage() + " (the socket was " + why + ")", e);
            }
        }
    }

    private static JsonNode parse(String frame) {
        try {
            return RestClient.JSON.readTree(frame);
        } catch (IOException e) {
            throw new UncheckedIOException("the server sent a frame that is not JSON: " + frame, e);
        }
    }

    private static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("DDP " + what + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(2, TimeUnit.SECONDS)
                    .exceptionally(e -> {
                        ws.abort();
                        return null;
                    }).join();
        }
    }
}
