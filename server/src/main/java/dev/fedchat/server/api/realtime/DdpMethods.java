package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.api.json.RoomSettingsRequest;
import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.auth.AuthService;
import dev.fedchat.server.auth.Credentials;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.federation.discovery.OwnSetup;
import dev.fedchat.server.message.HistoryQuery;
import dev.fedchat.server.message.Message;
import dev.fedchat.server.message.MessagePage;
import dev.fedchat.server.message.MessageSearch;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.message.Threads;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.room.RoomSettingsService;
import dev.fedchat.server.user.Passwords;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DDP methods real clients call (client-api.md §3.2). Each takes its caller (a DDP session,
 * or one {@code method.call} REST request) and the {@code params} array and returns the
 * {@code result}; failures are thrown and rendered by {@link MethodInvoker}. Methods other than
 * {@code login} need a logged-in caller. A method needing the connection itself (presence, say)
 * can test for a {@link DdpSession}.
 */
final class DdpMethods implements MethodTable {
    @FunctionalInterface
    interface Method {
        Object call(MethodCaller caller, JsonNode params);
    }

    private final Map<String, Method> methods = new HashMap<>();
    private final AuthService auth;
    private final UserService users;
    private final RoomService rooms;
    private final MessageService messages;
    private final RoomViews roomViews;

    DdpMethods(AuthService auth, UserService users, RoomService rooms, MessageService messages, RoomViews roomViews,
               OwnSetup ownSetup, ClientSupportMethods clientSupport, PresenceMethods presence,
               AccountMethods accountMethods, MessageSearch search) {
        this.auth = auth;
        this.users = users;
        this.rooms = rooms;
        this.messages = messages;
        this.roomViews = roomViews;
        methods.put("login", this::login);
        methods.put("FEDERATION_Test_Setup", new TestSetupMethod(ownSetup));
        methods.put("logout", this::logout);
        methods.put("sendMessage", this::sendMessage);
        methods.put("updateMessage", this::updateMessage);
        methods.put("deleteMessage", (s, p) -> {
            User u = user(s);
            Message m = messages.delete(u, null, required(p.path(0), "_id"));
            return Map.of("_id", m.id());
        });
        methods.put("setReaction", (s, p) -> {
            User u = user(s);
            Boolean should = p.path(2).isBoolean() ? p.path(2).booleanValue() : null;
            messages.react(u, text(p.path(1), "messageId"), text(p.path(0), "reaction"), should);
            return null;
        });
        methods.put("getThreadsList", (s, p) -> {
            JsonNode q = p.path(0);
            MessagePage page = messages.threads().list(user(s), rooms.requireRoom(required(q, "rid")), Threads.Filter.ALL,
                    null, bounded(q.path("limit")), Math.max(q.path("skip").asInt(0), 0));
            return page.messages().stream().map(Views::message).toList();
        });
        methods.put("getThreadMessages", (s, p) -> {
            JsonNode q = p.path(0);
            return messages.threads().replies(user(s), required(q, "tmid"), bounded(q.path("limit")),
                    Math.max(q.path("skip").asInt(0), 0)).messages().stream().map(Views::message).toList();
        });
        // the mobile app marks a thread read when it opens it; no per-thread read mark is kept here yet
        methods.put("readThreads", (s, p) -> {
            messages.get(user(s), text(p.path(0), "tmid"));
            return null;
        });
        methods.put("followMessage", (s, p) -> {
            messages.threads().follow(user(s), required(p.path(0), "mid"), true);
            return true;
        });
        methods.put("unfollowMessage", (s, p) -> {
            messages.threads().follow(user(s), required(p.path(0), "mid"), false);
            return true;
        });
        methods.put("pinMessage", (s, p) -> {
            User u = user(s);
            String id = required(p.path(0), "_id");
            messages.pins().pin(u, id, true);
            return Views.message(messages.get(u, id));
        });
        methods.put("unpinMessage", (s, p) -> {
            messages.pins().pin(user(s), required(p.path(0), "_id"), false);
            return true;
        });
        methods.put("starMessage", (s, p) -> {
            JsonNode m = p.path(0);
            messages.stars().star(user(s), required(m, "_id"), !m.has("starred") || m.path("starred").asBoolean());
            return true;
        });
        methods.put("createDirectMessage", this::createDirectMessage);
        methods.put("loadHistory", this::loadHistory);
        methods.put("messageSearch", new MessageSearchMethod(search));
        methods.put("subscriptions/get", this::subscriptionsGet);
        methods.put("rooms/get", this::roomsGet);
        methods.put("joinRoom", (s, p) -> {
            rooms.joinChannel(user(s), text(p.path(0), "rid"), null);
            return true;
        });
        methods.put("leaveRoom", (s, p) -> {
            rooms.leave(user(s), rooms.requireRoom(text(p.path(0), "rid")));
            return true;
        });
        methods.put("readMessages", (s, p) -> {
            rooms.markRead(user(s), rooms.requireRoom(text(p.path(0), "rid")));
            return null;
        });
        methods.put("getRoomIdByNameOrId", (s, p) -> {
            user(s);
            String key = text(p.path(0), "name");
            return rooms.byId(key).or(() -> rooms.byName(key)).map(Room::id)
                    .orElseThrow(() -> RcException.invalid("error-not-allowed", "Not allowed"));
        });
        methods.put("getRoomNameById", (s, p) -> {
            User u = user(s);
            Room room = rooms.requireRoom(text(p.path(0), "rid"));
            rooms.requireReadAccess(room, u);
            return rooms.displayName(room, u.username());
        });
        methods.put("muteUserInRoom", (s, p) -> mute(s, p, true));
        methods.put("unmuteUserInRoom", (s, p) -> mute(s, p, false));
        methods.put("saveRoomSettings", this::saveRoomSettings);
        methods.put("getRoomRoles", (s, p) -> {
            User u = user(s);
            Room room = rooms.requireRoom(text(p.path(0), "rid"));
            rooms.requireReadAccess(room, u);
            return rooms.settings().roles(room).stream().map(r -> Map.of("rid", room.id(),
                    "u", Map.of("_id", r.userId(), "username", r.username()), "roles", r.roles())).toList();
        });
        methods.put("permissions/get", (s, p) -> List.of());
        methods.put("public-settings/get", (s, p) -> List.of());
        clientSupport.register(methods);
        presence.install(methods);
        accountMethods.install(methods);
    }

    @Override
    public Object call(MethodCaller caller, String name, JsonNode params) {
        Method method = methods.get(name);
        if (method == null) {
            throw new RcException(404, null, "Method '" + name + "' not found");
        }
        return method.call(caller, params);
    }

    private Object login(MethodCaller session, JsonNode params) {
        JsonNode p = params.path(0);
        Credentials credentials;
        if (p.path("resume").isTextual()) {
            credentials = new Credentials.Resume(p.path("resume").textValue());
        } else {
            JsonNode password = p.path("password");
            String digest = password.isTextual() ? Passwords.digest(password.textValue()) : password.path("digest").asText(null);
            if (digest == null) {
                // Meteor's check() failure: a numeric 400 error, no error code
                throw new RcException(400, null, "Match failed: a password digest or a resume token is required");
            }
            JsonNode user = p.path("user");
            credentials = user.path("email").isTextual()
                    ? new Credentials.Password(Credentials.By.EMAIL, user.path("email").textValue(), digest)
                    : new Credentials.Password(Credentials.By.USERNAME, user.isTextual() ? user.textValue()
                            : user.path("username").asText(""), digest);
        }
        AuthService.Login login = auth.login(credentials, session.clientAddress());
        session.loggedIn(login.user(), login.token());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", login.user().id());
        result.put("token", login.token());
        result.put("tokenExpires", Instant.ofEpochMilli(login.expiresAt()));
        result.put("type", login.resumed() ? "resume" : "password");
        return result;
    }

    private Object logout(MethodCaller session, JsonNode params) {
        User user = session.user();
        String token = session.token();
        // forget the token first: the revocation event closes other connections holding it, not this one
        session.loggedOut();
        if (user != null && token != null) {
            auth.logout(user, token);
        }
        return null;
    }

    private Object sendMessage(MethodCaller session, JsonNode params) {
        User u = user(session);
        JsonNode m = params.path(0);
        Room room = rooms.requireRoom(text(m.path("rid"), "rid"));
        Map<String, Object> extra = new LinkedHashMap<>();
        for (String f : MessageService.Draft.OPTIONAL_FIELDS) {
            if (m.hasNonNull(f)) {
                extra.put(f, m.get(f));
            }
        }
        Message saved = messages.post(u, room, new MessageService.Draft(
                m.path("_id").isTextual() ? m.path("_id").textValue() : null,
                m.path("msg").asText(""), m.path("tmid").isTextual() ? m.path("tmid").textValue() : null,
                plain(extra)));
        return Views.message(saved);
    }

    private static Map<String, Object> plain(Map<String, Object> nodes) {
        Map<String, Object> out = new LinkedHashMap<>();
        nodes.forEach((k, v) -> out.put(k, v instanceof JsonNode n ? JsonValues.toJava(n) : v));
        return out;
    }

    private Object updateMessage(MethodCaller session, JsonNode params) {
        User u = user(session);
        JsonNode m = params.path(0);
        Message saved = messages.update(u, m.path("rid").isTextual() ? m.path("rid").textValue() : null,
                required(m, "_id"), text(m.path("msg"), "msg"));
        return Views.message(saved);
    }

    private Object createDirectMessage(MethodCaller session, JsonNode params) {
        User u = user(session);
        List<String> names = new ArrayList<>();
        params.forEach(n -> {
            if (n.isTextual()) {
                names.add(n.textValue());
            }
        });
        Room room = rooms.openDirect(u, names, false);
        Map<String, Object> view = roomViews.room(room);
        view.put("rid", room.id());
        return view;
    }

    /** {@code loadHistory [rid, end, limit, ls]}: messages before {@code end}, newest first. */
    private Object loadHistory(MethodCaller session, JsonNode params) {
        User u = user(session);
        Room room = rooms.requireRoom(text(params.path(0), "rid"));
        long end = params.path(1).has("$date") ? params.path(1).path("$date").asLong() : Long.MAX_VALUE;
        int limit = params.path(2).canConvertToInt() ? Math.min(params.path(2).asInt(), HistoryQuery.MAX_COUNT) : 20;
        List<Map<String, Object>> list = messages.history(u, room, new HistoryQuery(0, end, false, Math.max(limit, 0), 0))
                .stream().map(Views::message).toList();
        return Map.of("messages", list, "unreadNotLoaded", 0);
    }

    /**
     * With no argument a plain array (the Java client crashes on anything else); with a
     * {@code {$date}}, even {@code {$date: 0}}, {@code {update, remove}} since then (client-api.md §3.2).
     */
    private Object subscriptionsGet(MethodCaller session, JsonNode params) {
        User u = user(session);
        if (!params.path(0).has("$date")) {
            return rooms.memberships(u, 0).stream().map(Views::subscription).toList();
        }
        long since = params.path(0).path("$date").asLong();
        List<Map<String, Object>> list = rooms.memberships(u, since).stream().map(Views::subscription).toList();
        return Map.of("update", list, "remove", Views.removedSubscriptions(rooms.removals(u, since)));
    }

    /** The same two shapes as {@code subscriptions/get}. */
    private Object roomsGet(MethodCaller session, JsonNode params) {
        User u = user(session);
        if (!params.path(0).has("$date")) {
            return rooms.rooms(u, 0).stream().map(roomViews::room).toList();
        }
        long since = params.path(0).path("$date").asLong();
        List<Map<String, Object>> list = rooms.rooms(u, since).stream().map(roomViews::room).toList();
        return Map.of("update", list, "remove", Views.removedRooms(rooms.removals(u, since)));
    }

    /**
     * {@code saveRoomSettings(rid, {roomTopic, ...})}, as the mobile app calls it, or the older
     * {@code saveRoomSettings(rid, setting, value)}; answers {@code {result: true, rid}}.
     */
    private Object saveRoomSettings(MethodCaller session, JsonNode params) {
        User u = user(session);
        String rid = text(params.path(0), "rid");
        RoomSettingsService.Change change = params.path(1).isTextual()
                ? RoomSettingsRequest.one(params.path(1).textValue(), params.path(2))
                : RoomSettingsRequest.read(params.path(1), Set.of());
        Room room = rooms.byId(rid).orElseThrow(RoomService::invalidRoom);
        rooms.settings().save(u, room, change);
        return Map.of("result", true, "rid", rid);
    }

    private Object mute(MethodCaller session, JsonNode params, boolean muted) {
        User u = user(session);
        JsonNode p = params.path(0);
        rooms.setMuted(u, rooms.requireRoom(text(p.path("rid"), "rid")),
                users.requireByUsername(text(p.path("username"), "username")), muted);
        return true;
    }

    /** A {@code limit} parameter: 50 when absent, at most {@link HistoryQuery#MAX_COUNT}. */
    private static int bounded(JsonNode limit) {
        return limit.canConvertToInt() ? Math.min(Math.max(limit.asInt(), 1), HistoryQuery.MAX_COUNT) : 50;
    }

    static User user(MethodCaller session) {
        User u = session.user();
        if (u == null) {
            throw RcException.invalid("error-invalid-user", "Invalid user: log in first");
        }
        return u;
    }

    private static String required(JsonNode object, String field) {
        return text(object.path(field), field);
    }

    static String text(JsonNode node, String what) {
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw RcException.invalid("error-invalid-params", "Match failed: '" + what + "' must be a non-empty string");
        }
        return node.textValue();
    }
}
