package dev.fedchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one presence change costs with {@code watchers} DDP sessions listening (issue 13), against
 * the same-run baseline of one message to the same sessions: a fedchat server in this JVM (H2 in
 * memory), {@code watchers} logged-in sessions each subscribed to {@code stream-notify-logged
 * user-status} and to a channel's {@code stream-room-messages}, and one "mover" session that
 * alternates a presence change ({@code UserPresence:away} / {@code UserPresence:online}: one
 * {@code user-status} frame to every session) with a message ({@code sendMessage}: one message
 * frame to every session). For each change: the time from the call until the last session has
 * its frame, and the process CPU it took (server and clients share the JVM, so the CPU is
 * compared between the two kinds, not read as the server's alone).
 */
final class PresenceFanOut implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench-pass-1";

    /**
     * @param presenceCpuMs   process CPU per presence change (server and clients)
     * @param presenceFanoutMs CPU of the server's {@code ddp-fanout} thread per presence change: rendering the
     *                        frame once and writing it to every session (Jetty writes inline while a socket takes it)
     */
    record Result(Samples presence, Samples message, double presenceCpuMs, double messageCpuMs,
                  double presenceFanoutMs, double messageFanoutMs, int watchers) {}

    private final Path dir;
    private final FedchatServer server;
    private final List<Session> sessions = new ArrayList<>();
    private final List<HttpClient> clients = new ArrayList<>();
    private final String moverId;
    private final String room;
    private final Session mover;

    PresenceFanOut(int watchers) throws Exception {
        this.dir = Files.createTempDirectory("fedchat-presence-bench");
        this.server = FedchatServer.start(ServerConfig.embedded(dir, 0)
                .withDatabase(DatabaseConfig.inMemory("presence-bench-" + UUID.randomUUID()))
                .withAdmin(new ServerConfig.AdminBootstrap("admin", PASSWORD, "admin@bench.example")));
        RestClient admin = RestClient.anonymous(server.url()).login("admin", PASSWORD);
        for (String name : List.of("watcher", "mover")) {
            admin.post("/api/v1/users.create", Map.of("username", name, "email", name + "@bench.example",
                    "password", PASSWORD, "name", name));
        }
        RestClient watcher = RestClient.anonymous(server.url()).login("watcher", PASSWORD);
        RestClient moverRest = RestClient.anonymous(server.url()).login("mover", PASSWORD);
        this.moverId = moverRest.userId();
        String room = admin.post("/api/v1/channels.create", Map.of("name", "fanout", "members", List.of("watcher", "mover")))
                .path("channel").path("_id").asText();
        for (int i = 0; i < 8; i++) {
            clients.add(HttpClient.newHttpClient());
        }
        for (int i = 0; i < watchers; i++) {
            Session s = new Session(clients.get(i % clients.size()), server.url());
            s.call("login", Map.of("resume", watcher.token()));
            s.sub("stream-notify-logged", "user-status");
            s.sub("stream-room-messages", room);
            sessions.add(s);
        }
        this.mover = new Session(clients.get(0), server.url());
        mover.call("login", Map.of("resume", moverRest.token()));
        this.room = room;
    }

    /** {@code rounds} of each kind, alternating, after {@code warmup} of each that are not counted. */
    Result run(int warmup, int rounds) throws Exception {
        Samples presence = new Samples();
        Samples message = new Samples();
        long presenceCpu = 0;
        long messageCpu = 0;
        long presenceFanout = 0;
        long messageFanout = 0;
        for (int r = 0; r < warmup + rounds; r++) {
            long[] p = change(true, r);
            long[] m = change(false, r);
            if (r >= warmup) {
                presence.add(p[0]);
                message.add(m[0]);
                presenceCpu += p[1];
                messageCpu += m[1];
                presenceFanout += p[2];
                messageFanout += m[2];
            }
        }
        return new Result(presence, message, presenceCpu / 1e6 / rounds, messageCpu / 1e6 / rounds,
                presenceFanout / 1e6 / rounds, messageFanout / 1e6 / rounds, sessions.size());
    }

    /** One change; returns {time until every session had its frame, process CPU, fan-out thread CPU} in ns. */
    private long[] change(boolean presence, int round) throws Exception {
        int expected = (presence ? sessions.get(0).statuses : sessions.get(0).messages).get() + 1;
        long cpu0 = cpu();
        long fan0 = fanoutCpu();
        long t0 = System.nanoTime();
        if (presence) {
            mover.call(round % 2 == 0 ? "UserPresence:away" : "UserPresence:online");
        } else {
            mover.call("sendMessage", Map.of("rid", room, "msg", "fan-out " + round));
        }
        long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
        long last = 0;
        for (Session s : sessions) {
            AtomicInteger count = presence ? s.statuses : s.messages;
            while (count.get() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a session did not get its " + (presence ? "user-status" : "message")
                            + " frame within 30 s");
                }
                Thread.onSpinWait();
            }
            last = Math.max(last, (presence ? s.lastStatus : s.lastMessage).get());
        }
        return new long[] {last - t0, cpu() - cpu0, fanoutCpu() - fan0};
    }

    /** CPU time of the server's DDP fan-out thread so far (0 before it first ran). */
    private static long fanoutCpu() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo t : threads.dumpAllThreads(false, false)) {
            if (t.getThreadName().equals("ddp-fanout")) {
                return threads.getThreadCpuTime(t.getThreadId());
            }
        }
        return 0;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    @Override
    public void close() {
        sessions.forEach(Session::close);
        if (mover != null) {
            mover.close();
        }
        server.close();
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    /**
     * One DDP session: answers to its own calls and subs are awaited; user-status and message
     * frames of the mover are counted and stamped on arrival (a substring test, no parsing).
     */
    private final class Session implements WebSocket.Listener {
        final AtomicInteger statuses = new AtomicInteger();
        final AtomicInteger messages = new AtomicInteger();
        final AtomicLong lastStatus = new AtomicLong();
        final AtomicLong lastMessage = new AtomicLong();
        private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;
        private int nextId;

        Session(HttpClient http, String url) throws Exception {
            this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url.replaceFirst("^http", "ws") + "/websocket"), this).get(10, TimeUnit.SECONDS);
            CompletableFuture<JsonNode> connected = new CompletableFuture<>();
            waiting.put("connected", connected);
            send(Map.of("msg", "connect", "version", "1", "support", List.of("1")));
            connected.get(10, TimeUnit.SECONDS);
        }

        JsonNode call(String method, Object... params) throws Exception {
            String id = "m" + nextId++;
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            send(Map.of("msg", "method", "id", id, "method", method, "params", List.of(params)));
            JsonNode result = answer.get(30, TimeUnit.SECONDS);
            if (result.has("error")) {
                throw new IllegalStateException(method + " failed: " + result.path("error"));
            }
            return result;
        }

        void sub(String name, String eventName) throws Exception {
            String id = "s" + nextId++;
            CompletableFuture<JsonNode> ready = new CompletableFuture<>();
            waiting.put(id, ready);
            send(Map.of("msg", "sub", "id", id, "name", name, "params", List.of(eventName, false)));
            JsonNode answer = ready.get(30, TimeUnit.SECONDS);
            if (!answer.path("msg").asText().equals("ready")) {
                throw new IllegalStateException("sub " + name + " failed: " + answer);
            }
        }

        private void send(Object frame) throws Exception {
            socket.sendText(JSON.writeValueAsString(frame), true).get(10, TimeUnit.SECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                if (frame.contains("\"user-status\"") && frame.contains(moverId)) {
                    lastStatus.set(now);
                    statuses.incrementAndGet();
                } else if (frame.contains("\"stream-room-messages\"") && frame.contains("fan-out ")) {
                    lastMessage.set(now);
                    messages.incrementAndGet();
                } else {
                    answered(frame);
                }
            }
            ws.request(1);
            return null;
        }

        private void answered(String frame) {
            try {
                JsonNode f = JSON.readTree(frame);
                String msg = f.path("msg").asText();
                String key = switch (msg) {
                    case "connected" -> "connected";
                    case "result", "nosub" -> f.path("id").asText();
                    case "ready" -> f.path("subs").path(0).asText();
                    default -> null;
                };
                CompletableFuture<JsonNode> w = key == null ? null : waiting.remove(key);
                if (w != null) {
                    w.complete(f);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
    }
}
