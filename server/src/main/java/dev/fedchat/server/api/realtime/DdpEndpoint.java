package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.api.json.ApiJson;
import dev.fedchat.server.api.json.StorableText;
import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.api.view.Spotlight;
import dev.fedchat.server.api.view.UserViews;
import dev.fedchat.server.auth.AccountService;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.avatar.AvatarService;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.events.LocalEvents;
import dev.fedchat.server.federation.discovery.OwnSetup;
import dev.fedchat.server.federation.users.RemoteUsers;
import dev.fedchat.server.message.MessageSearch;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.presence.PresenceService;
import dev.fedchat.server.presence.Typing;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.StatusCode;
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
    /** The one DDP version spoken; every client checked proposes it first (client-api.md §3.1 step 2). */
    private static final String DDP_VERSION = "1";
    /** Frames queued for one slow client before it is disconnected (see {@link DdpSession#sendRaw}). */
    static final int MAX_QUEUED_FRAMES = 10_000;
    /** The largest frame a client may send; DDP frames are small, uploads go over REST. */
    static final long MAX_INBOUND_FRAME_BYTES = 1024 * 1024;

    private final ObjectMapper json = ApiJson.ddp();
    private final Map<String, DdpSession> sessions = new ConcurrentHashMap<>();
    private final DdpMethods methods;
    private final MethodInvoker invoker;
    private final DdpStreams streams;
    /** Told when a session's user logs in, out, or goes: a user with a logged-in session is online. */
    private final PresenceService presence;
    private final ExecutorService fanout = Executors.newSingleThreadExecutor(r -> daemon(r, "ddp-fanout"));
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ddp-ping"));

    public DdpEndpoint(AuthService auth, UserService users, RoomService rooms, MessageService messages, LocalEvents events,
                       OwnSetup ownSetup, RemoteUsers remoteUsers, PresenceService presence, Typing typing,
                       AccountService accounts, AvatarService avatars, MessageSearch search) {
        RoomViews roomViews = new RoomViews(rooms);
        this.presence = presence;
        this.methods = new DdpMethods(auth, users, rooms, messages, roomViews, ownSetup,
                new ClientSupportMethods(users, rooms, roomViews, new Spotlight(users, remoteUsers, rooms, new UserViews(presence))),
                new PresenceMethods(presence, typing, rooms), new AccountMethods(accounts, avatars, users), search);
        this.invoker = new MethodInvoker(methods);
        this.streams = new DdpStreams(rooms, roomViews, json, fanout);
        events.subscribe(streams::onEvent);
        presence.onChange(streams::onPresence);
        typing.onTyping(streams::onTyping);
        events.subscribe(event -> {
            if (event instanceof ChatEvent.LoggedOut out) {
                endSessionsOf(out.revokedToken());
            } else if (event instanceof ChatEvent.SessionsRevoked revoked) {
                endSessionsOfUser(revoked.userId(), revoked.keptToken());
            }
        });
        pinger.scheduleAtFixedRate(this::pingAll, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
    }

    public void install(JavalinConfig config) {
        config.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxOutgoingFrames(MAX_QUEUED_FRAMES);
            factory.setMaxTextMessageSize(MAX_INBOUND_FRAME_BYTES);
        });
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

    /** Meteor closes connections that logged in with a token once it is revoked (REST or DDP logout). */
    private void endSessionsOf(String revokedToken) {
        for (DdpSession session : sessions.values()) {
            if (revokedToken.equals(session.token())) {
                User user = session.user();
                if (user != null) {
                    presence.sessionEnded(session.id(), user);
                }
                session.loggedOut();
                session.close(StatusCode.NORMAL, "logged out");
            }
        }
    }

    /** The method table with its result frames, for the REST wrapping {@code method.call/<name>}. */
    public MethodInvoker methods() {
        return invoker;
    }

    /** A deactivated user's connections end, and a password change ends every other connection of the user. */
    private void endSessionsOfUser(String userId, String keptToken) {
        for (DdpSession session : sessions.values()) {
            User user = session.user();
            if (user != null && user.id().equals(userId) && !java.util.Objects.equals(keptToken, session.token())) {
                presence.sessionEnded(session.id(), user);
                session.loggedOut();
                session.close(StatusCode.NORMAL, "logged out");
            }
        }
    }

    /** Sessions currently connected (for metrics and tests). */
    public int sessionCount() {
        return sessions.size();
    }

    private void close(WsContext ctx) {
        DdpSession session = sessions.remove(ctx.sessionId());
        if (session != null) {
            streams.drop(session);
            User user = session.user();
            if (user != null) {
                presence.sessionEnded(session.id(), user);
            }
        }
    }

    void handle(DdpSession session, String text) {
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (JsonProcessingException e) {
            session.send(error("Parse error: the frame is not JSON", null));
            return;
        }
        JsonNode kind = frame.path("msg");
        if (!frame.isObject() || !kind.isTextual()) {
            session.send(error("Bad request: a DDP frame is a JSON object with a \"msg\"", frame));
            return;
        }
        try {
            StorableText.require("the frame", frame);
        } catch (RcException unstorable) {
            refuseUnstorable(session, frame, unstorable);
            return;
        }
        switch (kind.textValue()) {
            case "connect" -> connect(session, frame);
            // keep-alive is answered even before connect, as it changes nothing
            case "ping" -> session.send(frame.has("id") ? Map.of("msg", "pong", "id", frame.get("id")) : Map.of("msg", "pong"));
            case "pong" -> { } // any frame is liveness; nothing to answer
            default -> {
                if (session.isConnected()) {
                    dispatch(session, frame, kind.textValue());
                } else {
                    session.send(error("Must connect first", frame)); // Meteor's answer, and nothing runs
                }
            }
        }
    }

    /**
     * A frame holding text no database can store (a NUL, say) runs nothing. A method call gets its
     * {@code result} with the 400, as Meteor answers a failed {@code check}, so the client's call
     * completes; any other frame an {@code error} frame.
     */
    private void refuseUnstorable(DdpSession session, JsonNode frame, RcException unstorable) {
        JsonNode id = frame.path("id");
        boolean answerable = "method".equals(frame.path("msg").textValue()) && session.isConnected() && id.isTextual()
                && StorableText.problem(id.textValue()).isEmpty();
        if (answerable) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("msg", "result");
            result.put("id", id.textValue());
            result.put("error", DdpErrors.of(unstorable));
            session.send(result);
            session.send(Map.of("msg", "updated", "methods", List.of(id.textValue())));
        } else {
            session.send(error("Bad request: " + unstorable.reason(), null));
        }
    }

    private void dispatch(DdpSession session, JsonNode frame, String msg) {
        switch (msg) {
            case "method" -> method(session, frame);
            case "sub" -> sub(session, frame);
            case "unsub" -> unsub(session, frame);
            default -> session.send(error("Bad request: unknown msg '" + msg + "'", frame));
        }
    }

    /**
     * We speak DDP {@value #DDP_VERSION} only. A client proposing another version is answered
     * {@code failed} with ours, as Meteor does, and reconnects with it; a client that names no
     * version is taken to speak ours.
     */
    private void connect(DdpSession session, JsonNode frame) {
        if (session.isConnected()) {
            session.send(error("Already connected", frame));
            return;
        }
        JsonNode version = frame.path("version");
        if (!version.isMissingNode() && !DDP_VERSION.equals(version.asText())) {
            session.send(Map.of("msg", "failed", "version", DDP_VERSION));
            return;
        }
        session.connected();
        session.send(Map.of("msg", "connected", "session", session.id()));
    }

    private void method(DdpSession session, JsonNode frame) {
        if (!frame.path("id").isTextual() || !frame.path("method").isTextual() || !arrayOrAbsent(frame.path("params"))) {
            session.send(error("Malformed method invocation", frame));
            return;
        }
        String id = frame.get("id").textValue();
        String name = frame.get("method").textValue();
        JsonNode params = frame.path("params").isArray() ? frame.get("params") : json.createArrayNode();
        User userBefore = session.user();
        Map<String, Object> result = invoker.invoke(session, id, name, params);
        User userAfter = session.user();
        if (!Objects.equals(userId(userBefore), userId(userAfter))) {
            // a login or logout changed who is reading: Meteor reruns every subscription then,
            // and those the new user (or nobody) may not read end before the method's result
            streams.recheck(session);
            if (userBefore != null) {
                presence.sessionEnded(session.id(), userBefore);
            }
            if (userAfter != null) {
                presence.sessionStarted(session.id(), userAfter);
            }
        }
        session.send(result);
        session.send(Map.of("msg", "updated", "methods", List.of(id)));
    }

    private void sub(DdpSession session, JsonNode frame) {
        if (!frame.path("id").isTextual() || !frame.path("name").isTextual() || !arrayOrAbsent(frame.path("params"))) {
            session.send(error("Malformed subscription", frame));
            return;
        }
        String id = frame.get("id").textValue();
        if (session.subscriptions().containsKey(id)) {
            // the running subscription stays as it is; a second one under its id could never be stopped
            session.send(error("Bad request: subscription id '" + id + "' is already in use", frame));
            return;
        }
        String name = frame.get("name").textValue();
        JsonNode params = frame.path("params").isArray() ? frame.get("params") : json.createArrayNode();
        try {
            if (streams.subscribe(session, id, name, params)) {
                session.send(Map.of("msg", "ready", "subs", List.of(id)));
            } else {
                session.send(Map.of("msg", "nosub", "id", id));
            }
        } catch (RuntimeException e) {
            session.send(Map.of("msg", "nosub", "id", id, "error", DdpErrors.of(e)));
        }
    }

    private void unsub(DdpSession session, JsonNode frame) {
        if (!frame.path("id").isTextual()) {
            session.send(error("Malformed unsubscription", frame));
            return;
        }
        String id = frame.get("id").textValue();
        streams.unsubscribe(session, id);
        session.send(Map.of("msg", "nosub", "id", id));
    }

    private static boolean arrayOrAbsent(JsonNode node) {
        return node.isMissingNode() || node.isArray();
    }

    private static String userId(User user) {
        return user == null ? null : user.id();
    }

    /** Meteor's {@code error} frame: a frame that could not be handled, echoed when it was JSON. */
    private static Map<String, Object> error(String reason, JsonNode offending) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("msg", "error");
        frame.put("reason", reason);
        if (offending != null) {
            frame.put("offendingMessage", offending);
        }
        return frame;
    }

    /** One keep-alive round: {@code {"msg":"ping"}} to every session (package-private for tests). */
    void pingAll() {
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
