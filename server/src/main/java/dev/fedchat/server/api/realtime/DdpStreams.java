package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.events.ChatEvent;
import dev.fedchat.server.room.Membership;
import dev.fedchat.server.presence.Presence;
import dev.fedchat.server.presence.PresenceChange;
import dev.fedchat.server.presence.TypingEvent;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rocket.Chat's streams over DDP (client-api.md §3.1–3.2): who listens to what, and turning
 * committed {@link ChatEvent}s into {@code changed} frames.
 *
 * <p>Also presence and typing (issue 13): {@code user-status} on {@code stream-notify-logged},
 * {@code stream-user-presence} for the users a session follows, and {@code <rid>/user-activity},
 * {@code <rid>/typing} on {@code stream-notify-room}, through the same fan-out thread.
 *
 * <p>A subscription is keyed {@code <stream>|<eventName>}. Each event is rendered to JSON once
 * and written to every listener by one fan-out thread, which keeps events in commit order and
 * keeps the poster's request free of the fan-out. Writes are non-blocking (Jetty queues them).
 */
final class DdpStreams {
    private static final Logger log = LoggerFactory.getLogger(DdpStreams.class);
    static final String ROOM_MESSAGES = "stream-room-messages";
    static final String NOTIFY_ROOM = "stream-notify-room";
    static final String NOTIFY_USER = "stream-notify-user";
    static final String MY_MESSAGES = "__my_messages__";
    static final String NOTIFY_LOGGED = "stream-notify-logged";
    static final String USER_STATUS = "user-status";
    static final String USER_PRESENCE = "stream-user-presence";
    /** The most users one session's {@code stream-user-presence} follows: a client asks for those it shows. */
    static final int MAX_WATCHED_PRESENCE = 1_000;
    /** Rocket.Chat's {@code updateAvatar} on {@code stream-notify-logged}: {@code {username, avatarETag}} to every logged-in listener. */
    static final String UPDATE_AVATAR = "updateAvatar";
    /** The streams that need a user and are written to. */
    private static final Set<String> LIVE = Set.of(ROOM_MESSAGES, NOTIFY_ROOM, NOTIFY_USER, NOTIFY_LOGGED, USER_PRESENCE);
    /** Streams clients open that we accept and (for now) never write to. */
    private static final Set<String> SILENT = Set.of("stream-notify-all", "stream-roles", "stream-apps", "stream-importers", "meteor.loginServiceConfiguration",
            "meteor_autoupdate_clientVersions", "stream-livechat-room", "stream-notify-rooms");

    private final RoomService rooms;
    private final RoomViews roomViews;
    private final ObjectMapper json;
    private final ExecutorService fanout;
    /** stream key → sessions listening (with their subscription ids). */
    private final Map<String, Set<Listener>> listeners = new ConcurrentHashMap<>();

    private record Listener(DdpSession session, String subscriptionId) {}

    /** user id → the sessions following that user's presence ({@code stream-user-presence}). */
    private final Map<String, Set<DdpSession>> presenceWatchers = new ConcurrentHashMap<>();

    /** Accepted and never written to: the streams of {@link #SILENT}, and of {@code stream-notify-logged} all but statuses and pictures. */
    private static boolean silent(String name, String eventName) {
        return SILENT.contains(name)
                || (name.equals(NOTIFY_LOGGED) && !eventName.equals(USER_STATUS) && !eventName.equals(UPDATE_AVATAR));
    }

    DdpStreams(RoomService rooms, RoomViews roomViews, ObjectMapper json, ExecutorService fanout) {
        this.rooms = rooms;
        this.roomViews = roomViews;
        this.json = json;
        this.fanout = fanout;
    }

    /**
     * Registers a {@code sub}; throws when the stream is unknown or the user may not read it.
     * Returns false when the sub only changed the users followed by the session's running
     * {@code stream-user-presence} (Rocket.Chat's {@code {added, removed}}): it is then answered
     * {@code nosub}, as Rocket.Chat stops such a second publication.
     */
    boolean subscribe(DdpSession session, String subId, String name, JsonNode params) {
        String eventName = params.path(0).isTextual() ? params.path(0).textValue() : "";
        String key = name + "|" + eventName;
        if (silent(name, eventName)) {
            session.subscriptions().put(subId, key);
            return true;
        }
        requireAllowed(session.user(), name, eventName);
        if (name.equals(USER_PRESENCE)) {
            boolean first = !session.subscriptions().containsValue(key);
            follow(session, params.path(1));
            if (!first) {
                return false;
            }
        }
        session.subscriptions().put(subId, key);
        listeners.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(new Listener(session, subId));
        return true;
    }

    /** {@code {added: [uid...], removed: [uid...]}} of a {@code stream-user-presence} sub. */
    private void follow(DdpSession session, JsonNode options) {
        for (JsonNode uid : options.path("removed")) {
            if (uid.isTextual() && session.watchedPresence().remove(uid.textValue())) {
                Set<DdpSession> set = presenceWatchers.get(uid.textValue());
                if (set != null) {
                    set.remove(session);
                }
            }
        }
        for (JsonNode uid : options.path("added")) {
            if (!uid.isTextual() || session.watchedPresence().contains(uid.textValue())) {
                continue;
            }
            if (session.watchedPresence().size() >= MAX_WATCHED_PRESENCE) {
                throw RcException.invalidParams("A session follows the presence of at most " + MAX_WATCHED_PRESENCE + " users");
            }
            session.watchedPresence().add(uid.textValue());
            presenceWatchers.computeIfAbsent(uid.textValue(), k -> ConcurrentHashMap.newKeySet()).add(session);
        }
    }

    private void unfollowAll(DdpSession session) {
        for (String uid : List.copyOf(session.watchedPresence())) {
            Set<DdpSession> set = presenceWatchers.get(uid);
            if (set != null) {
                set.remove(session);
            }
        }
        session.watchedPresence().clear();
    }

    /**
     * After a login or logout changed the session's user, ends the subscriptions that user may not
     * read (all of them for nobody), as Meteor's rerun of every subscription would: each ends with
     * a {@code nosub} that says why.
     */
    void recheck(DdpSession session) {
        for (Map.Entry<String, String> sub : Map.copyOf(session.subscriptions()).entrySet()) {
            String[] key = sub.getValue().split("\\|", 2);
            if (silent(key[0], key[1])) {
                continue;
            }
            try {
                requireAllowed(session.user(), key[0], key[1]);
            } catch (RcException e) {
                unsubscribe(session, sub.getKey());
                session.send(Map.of("msg", "nosub", "id", sub.getKey(), "error", DdpErrors.of(e)));
            }
        }
    }

    /**
     * A user left, was kicked, or lost a room to deletion: their sessions' streams of rooms they may
     * no longer read end now with {@code nosub}, instead of carrying the room's messages on (which
     * Rocket.Chat did until the client resubscribed).
     */
    private void endWhatUserMayNoLongerRead(String userId) {
        Set<DdpSession> sessions = new HashSet<>();
        for (Set<Listener> set : listeners.values()) {
            for (Listener l : set) {
                User u = l.session().user();
                if (u != null && u.id().equals(userId)) {
                    sessions.add(l.session());
                }
            }
        }
        sessions.forEach(this::recheck);
    }

    private void requireAllowed(User user, String name, String eventName) {
        if (!LIVE.contains(name)) {
            throw new RcException(404, null, "Subscription '" + name + "' not found");
        }
        if (user == null) {
            throw RcException.invalid("not-allowed", "Not allowed: log in first");
        }
        switch (name) {
            case ROOM_MESSAGES -> {
                if (!eventName.equals(MY_MESSAGES)) {
                    requireRead(user, eventName);
                }
            }
            case NOTIFY_ROOM -> requireRead(user, eventName.contains("/") ? eventName.substring(0, eventName.indexOf('/')) : eventName);
            case NOTIFY_LOGGED, USER_PRESENCE -> { } // any logged-in user, as Rocket.Chat's allowRead('logged')
            default -> {
                if (!eventName.startsWith(user.id() + "/")) {
                    throw RcException.invalid("not-allowed", "Not allowed: a user may only listen to their own events");
                }
            }
        }
    }

    private void requireRead(User user, String roomId) {
        Room room = rooms.byId(roomId).orElseThrow(() -> RcException.invalid("not-allowed", "Not allowed: no room " + roomId));
        if (!rooms.canRead(room, user)) {
            throw RcException.invalid("not-allowed", "Not allowed: you cannot read room " + roomId);
        }
    }

    void unsubscribe(DdpSession session, String subId) {
        String key = session.subscriptions().remove(subId);
        if (key != null && key.startsWith(USER_PRESENCE + "|")) {
            unfollowAll(session);
        }
        if (key != null) {
            Set<Listener> set = listeners.get(key);
            if (set != null) {
                set.remove(new Listener(session, subId));
            }
        }
    }

    void drop(DdpSession session) {
        for (String subId : List.copyOf(session.subscriptionIds())) {
            unsubscribe(session, subId);
        }
        unfollowAll(session);
    }

    /** The {@code LocalEvents} listener: hands the event to the fan-out thread. */
    void onEvent(ChatEvent event) {
        fanout.execute(() -> {
            try {
                deliver(event);
            } catch (RuntimeException e) {
                log.warn("Could not deliver {} to DDP subscribers: {}", event.getClass().getSimpleName(), e.toString(), e);
            }
        });
    }

    /** The {@code PresenceService} listener: the frames go out on the fan-out thread. */
    void onPresence(PresenceChange change) {
        fanout.execute(() -> {
            try {
                deliverPresence(change);
            } catch (RuntimeException e) {
                log.warn("Could not deliver {}'s presence to DDP subscribers: {}", change.user().username(), e.toString(), e);
            }
        });
    }

    /** The {@code Typing} listener. */
    void onTyping(TypingEvent typing) {
        fanout.execute(() -> {
            try {
                deliverTyping(typing);
            } catch (RuntimeException e) {
                log.warn("Could not deliver typing in {} to DDP subscribers: {}", typing.room().id(), e.toString(), e);
            }
        });
    }

    /**
     * Rocket.Chat's two presence frames: {@code user-status} on {@code stream-notify-logged} to every
     * listener, args {@code [[uid, username, status number, status text, name, roles]]}; and to the
     * sessions following the user, {@code stream-user-presence} with the user's id as the frame's id
     * and event name and args {@code [username, status number, status text]}.
     */
    private void deliverPresence(PresenceChange change) {
        User u = change.user();
        Presence p = change.presence();
        String text = p.text() == null ? "" : p.text();
        emit(NOTIFY_LOGGED, USER_STATUS, List.of(List.of(u.id(), u.username(), p.status().number(), text, u.name(), u.roleList())));
        Set<DdpSession> watching = presenceWatchers.getOrDefault(u.id(), Set.of());
        if (watching.isEmpty()) {
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("uid", u.id());
        fields.put("args", List.of(u.username(), p.status().number(), text));
        fields.put("eventName", u.id());
        String frame = write(Map.of("msg", "changed", "collection", USER_PRESENCE, "id", u.id(), "fields", fields));
        watching.forEach(s -> s.sendRaw(frame));
    }

    /**
     * {@code <rid>/user-activity} ({@code [username, activities, extras]}) and, as Rocket.Chat keeps
     * the older clients going, {@code <rid>/typing} ({@code [username, typing]}) when the report is
     * typing or stopping; never back to the session that typed.
     */
    private void deliverTyping(TypingEvent t) {
        String name = t.user().username();
        emitExcept(NOTIFY_ROOM, t.room().id() + "/user-activity", List.of(name, t.activities(), t.extras()), t.fromSessionId());
        if (t.activities().isEmpty() || t.typing()) {
            emitExcept(NOTIFY_ROOM, t.room().id() + "/typing", List.of(name, t.typing()), t.fromSessionId());
        }
    }

    private void emitExcept(String stream, String eventName, List<?> args, String exceptSessionId) {
        Set<Listener> set = listeners.get(stream + "|" + eventName);
        if (set == null || set.isEmpty()) {
            return;
        }
        String frame = frame(stream, eventName, args);
        for (Listener l : set) {
            if (!l.session().id().equals(exceptSessionId)) {
                l.session().sendRaw(frame);
            }
        }
    }

    private void deliver(ChatEvent event) {
        if (event instanceof ChatEvent.MessageSaved saved) {
            Map<String, Object> message = Views.message(saved.message());
            emit(ROOM_MESSAGES, saved.room().id(), List.of(message));
            Set<Listener> mine = listeners.getOrDefault(ROOM_MESSAGES + "|" + MY_MESSAGES, Set.of());
            if (!mine.isEmpty()) {
                Set<String> members = new HashSet<>(saved.memberIds());
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("roomParticipant", true);
                meta.put("roomType", saved.room().type());
                if (saved.room().name() != null) {
                    meta.put("roomName", saved.room().name());
                }
                String frame = frame(ROOM_MESSAGES, MY_MESSAGES, List.of(message, meta));
                for (Listener l : mine) {
                    User u = l.session().user();
                    if (u != null && members.contains(u.id())) {
                        l.session().sendRaw(frame);
                    }
                }
            }
            if (saved.change() == ChatEvent.Change.POSTED) {
                roomListsChanged(saved, message);
            }
        } else if (event instanceof ChatEvent.MessageDeleted deleted) {
            emit(NOTIFY_ROOM, deleted.roomId() + "/deleteMessage", List.of(Map.of("_id", deleted.messageId())));
        } else if (event instanceof ChatEvent.SubscriptionChanged changed) {
            emit(NOTIFY_USER, changed.userId() + "/subscriptions-changed",
                    List.of(changed.action().wire(), Views.subscription(changed.membership())));
            if (changed.action() == ChatEvent.Action.REMOVED) {
                endWhatUserMayNoLongerRead(changed.userId());
            }
        } else if (event instanceof ChatEvent.RoomChanged changed) {
            Map<String, Object> room = changed.action() == ChatEvent.Action.REMOVED
                    ? Map.of("_id", changed.room().id()) : roomViews.room(changed.room());
            emit(NOTIFY_USER, changed.userId() + "/rooms-changed", List.of(changed.action().wire(), room));
        } else if (event instanceof ChatEvent.Notification n) {
            emit(NOTIFY_USER, n.userId() + "/notification", List.of(notification(n)));
        } else if (event instanceof ChatEvent.AvatarChanged changed) {
            Map<String, Object> avatar = new LinkedHashMap<>();
            avatar.put("username", changed.user().username());
            if (changed.user().avatarEtag() != null) {
                avatar.put("avatarETag", changed.user().avatarEtag());
            }
            emit(NOTIFY_LOGGED, UPDATE_AVATAR, List.of(avatar));
        }
    }

    /**
     * A new message changes every member's room list, as Rocket.Chat tells it: {@code rooms-changed}
     * {@code updated} with the room and its {@code lastMessage}, and {@code subscriptions-changed}
     * {@code updated} with each one's own unread counters — read only for the members listening.
     */
    private void roomListsChanged(ChatEvent.MessageSaved saved, Map<String, Object> message) {
        List<String> roomListeners = saved.memberIds().stream()
                .filter(id -> hasListeners(NOTIFY_USER + "|" + id + "/rooms-changed")).toList();
        if (!roomListeners.isEmpty()) {
            Map<String, Object> room = roomViews.room(saved.room().afterMessage(saved.message().id(), saved.message().ts()));
            room.put("lastMessage", message);
            for (String userId : roomListeners) {
                emit(NOTIFY_USER, userId + "/rooms-changed", List.of(ChatEvent.Action.UPDATED.wire(), room));
            }
        }
        List<String> subscriptionListeners = saved.memberIds().stream()
                .filter(id -> hasListeners(NOTIFY_USER + "|" + id + "/subscriptions-changed")).toList();
        for (Membership m : rooms.memberships(saved.room().id(), subscriptionListeners)) {
            emit(NOTIFY_USER, m.userId() + "/subscriptions-changed",
                    List.of(ChatEvent.Action.UPDATED.wire(), Views.subscription(m)));
        }
    }

    private boolean hasListeners(String key) {
        Set<Listener> set = listeners.get(key);
        return set != null && !set.isEmpty();
    }

    private static Map<String, Object> notification(ChatEvent.Notification n) {
        Map<String, Object> sender = new LinkedHashMap<>();
        sender.put("_id", n.message().userId());
        sender.put("username", n.message().username());
        if (n.message().userName() != null) {
            sender.put("name", n.message().userName());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("_id", n.message().id());
        payload.put("rid", n.room().id());
        if (n.message().tmid() != null) {
            payload.put("tmid", n.message().tmid());
        }
        payload.put("sender", sender);
        payload.put("type", n.room().type());
        payload.put("name", n.roomName());
        payload.put("message", Map.of("msg", n.message().msg()));
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("title", n.room().isDirect() ? "@" + n.message().username() : "#" + n.roomName());
        note.put("text", n.message().msg());
        note.put("payload", payload);
        return note;
    }

    private void emit(String stream, String eventName, List<?> args) {
        Set<Listener> set = listeners.get(stream + "|" + eventName);
        if (set == null || set.isEmpty()) {
            return;
        }
        String frame = frame(stream, eventName, args);
        for (Listener l : set) {
            l.session().sendRaw(frame);
        }
    }

    private String frame(String stream, String eventName, List<?> args) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventName", eventName);
        fields.put("args", args);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("msg", "changed");
        frame.put("collection", stream);
        frame.put("id", "id");
        frame.put("fields", fields);
        return write(frame);
    }

    private String write(Map<String, Object> frame) {
        try {
            return json.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stream frame could not be serialised", e);
        }
    }
}
