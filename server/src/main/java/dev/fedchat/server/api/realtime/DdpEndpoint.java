package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.fedchat.server.api.json.ApiJson;
import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.UserService;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DDP over WebSocket at {@code /websocket} (client-api.md §3): the frame protocol — connect,
 * ping/pong, method/result/updated, sub/ready/nosub — on top of {@link DdpMethods} and
 * {@link DdpStreams}. Close it to stop the keep-alive and fan-out threads.
 */
public final class DdpEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DdpEndpoint.class);
    /** How often the server pings idle clients, as Meteor does. */
    private static final long PING_SECONDS = 25;

    private final ObjectMapper json = ApiJson.ddp();
    private final Map<String, DdpSession> sessions = new ConcurrentHashMap<>();
    private final DdpMethods methods;
    private final DdpStreams streams;
    private final ExecutorService fanout = Executors.newSingleThreadExecutor(r -> daemon(r, "ddp-fanout"));
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ddp-ping"));

    public DdpEndpoint(AuthService auth, UserService users, RoomService rooms, MessageService messages, LocalEvents events) {
        RoomViews roomViews = new RoomViews(rooms);
        this.methods = new DdpMethods(auth, users, rooms, messages, roomViews);
        this.streams = new DdpStreams(rooms, roomViews, json, fanout);
        events.subscribe(streams::onEvent);
        pinger.scheduleAtFixedRate(this::pingAll, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    public void install(JavalinConfig config) {
        config.routes.ws("/websocket", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(2));
                DdpSession session = new DdpSession(ctx.sessionId(), ctx, json);
                sessions.put(ctx.sessionId(), session);
                session.sendRaw("{\"server_id\":\"0\"}");
            });
            ws.onMessage(ctx -> {
                DdpSession session = sessions.get(ctx.sessionId());
                if (session != null) {
                    handle(session, ctx.message());
                }
            });
            ws.onClose(ctx -> close(ctx));
            ws.onError(ctx -> log.debug("DDP session {} failed: {}", ctx.sessionId(), String.valueOf(ctx.error())));
        });
    }

    /** Sessions currently connected (for metrics and tests). */
    public int sessionCount() {
        return sessions.size();
    }

    private void close(WsContext ctx) {
        DdpSession session = sessions.remove(ctx.sessionId());
        if (session != null) {
            streams.drop(session);
        }
    }

    void handle(DdpSession session, String text) {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (JsonProcessingException e) {
            session.send(Map.of("msg", "error", "reason", "Bad request: the frame is not JSON", "offendingMessage", text));
            return;
        }
        String msg = frame.path("msg").asText("");
        switch (msg) {
            case "connect" -> session.send(Map.of("msg", "connected", "session", session.id()));
            case "ping" -> session.send(frame.has("id") ? Map.of("msg", "pong", "id", frame.get("id")) : Map.of("msg", "pong"));
            case "pong" -> { } // any frame is liveness; nothing to answer
            case "method" -> method(session, frame);
            case "sub" -> sub(session, frame);
            case "unsub" -> {
                String id = frame.path("id").asText("");
                streams.unsubscribe(session, id);
                session.send(Map.of("msg", "nosub", "id", id));
            }
            default -> session.send(Map.of("msg", "error", "reason", "Bad request: unknown msg '" + msg + "'",
                    "offendingMessage", text));
        }
    }

    private void method(DdpSession session, JsonNode frame) {
        String id = frame.path("id").asText("");
        String name = frame.path("method").asText("");
        JsonNode params = frame.path("params").isArray() ? frame.get("params") : json.createArrayNode();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("msg", "result");
        result.put("id", id);
        try {
            Object value = methods.call(session, name, params);
            if (value != null) {
                result.put("result", value);
            }
        } catch (RuntimeException e) {
            if (!(e instanceof dev.fedchat.server.error.RcException) && !(e instanceof dev.fedchat.server.auth.LoginFailedException)) {
                log.warn("DDP method {} failed unexpectedly: {}", name, e.toString(), e);
            }
            result.put("error", DdpErrors.of(e));
        }
        session.send(result);
        session.send(Map.of("msg", "updated", "methods", List.of(id)));
    }

    private void sub(DdpSession session, JsonNode frame) {
        String id = frame.path("id").asText("");
        String name = frame.path("name").asText("");
        JsonNode params = frame.path("params") instanceof ArrayNode a ? a : json.createArrayNode();
        try {
            streams.subscribe(session, id, name, params);
            session.send(Map.of("msg", "ready", "subs", List.of(id)));
        } catch (RuntimeException e) {
            session.send(Map.of("msg", "nosub", "id", id, "error", DdpErrors.of(e)));
        }
    }

    private void pingAll() {
        try {
            sessions.values().forEach(s -> s.sendRaw("{\"msg\":\"ping\"}"));
        } catch (RuntimeException e) {
            log.warn("DDP keep-alive round failed: {}", e.toString(), e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        pinger.shutdownNow();
        fanout.shutdown();
    }
}
