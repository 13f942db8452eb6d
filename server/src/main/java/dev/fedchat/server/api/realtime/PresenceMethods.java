package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.presence.PresenceService;
import dev.fedchat.server.presence.Typing;
import dev.fedchat.server.presence.UserStatus;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DDP methods of presence and typing, as Rocket.Chat 4–6 clients call them (issue 13):
 * {@code UserPresence:away} and {@code UserPresence:online} (the client saw its person idle, or
 * back), {@code UserPresence:setDefaultStatus [status]}, {@code setUserStatus [status, text]}, and
 * the streamer's write method {@code stream-notify-room [<rid>/user-activity, username, activities,
 * extras]} or {@code [<rid>/typing, username, typing]}. Thin: each parses and calls
 * {@link PresenceService} or {@link Typing}.
 */
final class PresenceMethods {
    private final PresenceService presence;
    private final Typing typing;
    private final RoomService rooms;

    PresenceMethods(PresenceService presence, Typing typing, RoomService rooms) {
        this.presence = presence;
        this.typing = typing;
        this.rooms = rooms;
    }

    void install(Map<String, DdpMethods.Method> methods) {
        // Rocket.Chat answers these with nothing when no one is logged in, not with an error
        methods.put("UserPresence:away", (s, p) -> idle(s, true));
        methods.put("UserPresence:online", (s, p) -> idle(s, false));
        methods.put("UserPresence:setDefaultStatus", (s, p) -> {
            User u = s.user();
            if (u == null) {
                return null;
            }
            presence.setDefaultStatus(u, status(p.path(0)));
            return true;
        });
        methods.put("setUserStatus", (s, p) -> {
            User u = DdpMethods.user(s);
            UserStatus status = p.path(0).isNull() || p.path(0).isMissingNode() ? null : status(p.path(0));
            String text = p.path(1).isTextual() ? p.path(1).textValue() : null;
            presence.setStatus(u, status, text);
            return null;
        });
        methods.put("stream-notify-room", this::notifyRoom);
    }

    /**
     * Over DDP the connection that saw its person idle; over REST ({@code method.call}, which the
     * mobile app uses for every method) the call belongs to no connection, so it is every one of the user's.
     */
    private Object idle(MethodCaller caller, boolean idle) {
        User u = caller.user();
        if (u == null) {
            return null;
        }
        if (caller instanceof DdpSession session) {
            presence.setIdle(session.id(), u, idle);
        } else {
            presence.setIdleEverywhere(u, idle);
        }
        return true;
    }

    private static UserStatus status(JsonNode node) {
        return UserStatus.parse(node.asText("")).orElseThrow(() -> RcException.invalid("error-invalid-status",
                "Valid status types include online, away, offline, and busy."));
    }

    /** Rocket.Chat's streamer write: only typing and user activity, by the session's own user. */
    private Object notifyRoom(MethodCaller caller, JsonNode params) {
        User u = DdpMethods.user(caller);
        // the rate is per connection; a REST caller is counted by its login token
        String source = caller instanceof DdpSession session ? session.id() : "rest:" + caller.token();
        String eventName = params.path(0).asText("");
        int slash = eventName.indexOf('/');
        String kind = slash < 0 ? "" : eventName.substring(slash + 1);
        if (slash <= 0 || !(kind.equals("user-activity") || kind.equals("typing"))) {
            throw RcException.invalid("not-allowed", "Not allowed: clients may write only <rid>/user-activity and <rid>/typing");
        }
        if (!u.username().equals(params.path(1).asText(null))) {
            throw RcException.invalid("not-allowed", "Not allowed: a user types only as themself (" + u.username() + ")");
        }
        Room room = rooms.byId(eventName.substring(0, slash))
                .orElseThrow(() -> RcException.invalid("not-allowed", "Not allowed: no room " + eventName.substring(0, slash)));
        List<String> activities = new ArrayList<>();
        if (kind.equals("typing")) {
            if (!params.path(2).isBoolean()) {
                throw RcException.invalidParams("Match failed: typing takes true or false");
            }
            if (params.path(2).booleanValue()) {
                activities.add("user-typing");
            }
        } else {
            if (!params.path(2).isArray()) {
                throw RcException.invalidParams("Match failed: user-activity takes an array of activity names");
            }
            for (JsonNode a : params.path(2)) {
                if (!a.isTextual()) {
                    throw RcException.invalidParams("Match failed: user-activity takes an array of activity names");
                }
                activities.add(a.textValue());
            }
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        if (params.path(3).path("tmid").isTextual()) {
            extras.put("tmid", params.path(3).path("tmid").textValue());
        }
        typing.typed(source, u, room, activities, extras);
        return null;
    }
}
