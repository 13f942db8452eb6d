package dev.fedchat.server.federation.ephemeral;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.presence.PresenceService;
import dev.fedchat.server.presence.Typing;
import dev.fedchat.server.presence.UserStatus;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a proven fedchat peer's ephemeral event ({@link EphemeralSender} sends them). The rules
 * (docs/federation-security.md, "Ephemeral events"): a peer speaks only for its own users, users
 * we know already (an ephemeral event never imports anyone); typing only in a room we hold whose
 * domains include the peer, by a member of it. Anything else is refused before it is shown to
 * anyone, with a 400 (malformed) or 403 (overstepping) naming the rule. Nothing here is stored.
 */
public final class EphemeralReceiver {
    private static final Logger log = LoggerFactory.getLogger(EphemeralReceiver.class);

    private final UserService users;
    private final RoomService rooms;
    private final PresenceService presence;
    private final Typing typing;

    public EphemeralReceiver(UserService users, RoomService rooms, PresenceService presence, Typing typing) {
        this.users = users;
        this.rooms = rooms;
        this.presence = presence;
        this.typing = typing;
    }

    /** One event from {@code domain}, whose request proved itself. */
    public void receive(String domain, JsonNode event) {
        switch (text(event, "type")) {
            case "presence" -> presence(domain, event);
            case "typing" -> typing(domain, event);
            default -> throw new RcException(400, "error-invalid-params", "Unknown ephemeral event type '"
                    + event.path("type").asText() + "': presence or typing");
        }
    }

    private void presence(String domain, JsonNode event) {
        User user = ownUserOf(domain, text(event, "userId"));
        UserStatus status = UserStatus.parse(text(event, "status")).orElseThrow(() -> new RcException(400,
                "error-invalid-status", "Valid status types include online, away, offline, and busy."));
        JsonNode statusText = event.path("statusText");
        if (!statusText.isMissingNode() && !statusText.isNull() && !statusText.isTextual()) {
            throw new RcException(400, "error-invalid-params", "'statusText' must be a string");
        }
        presence.remoteChanged(user, status, statusText.isTextual() ? statusText.textValue() : null);
    }

    private void typing(String domain, JsonNode event) {
        String roomId = text(event, "roomId");
        User user = ownUserOf(domain, text(event, "userId"));
        Room room = rooms.byId(roomId).orElse(null);
        if (room == null || room.federation() == null || !room.federation().domains().contains(domain)) {
            throw refused(domain, "reported typing in room " + roomId + ", which it is not in");
        }
        if (rooms.membership(room, user).isEmpty()) {
            throw refused(domain, "reported typing of " + user.username() + ", who is not a member of room " + roomId);
        }
        JsonNode activities = event.path("activities");
        if (!activities.isArray()) {
            throw new RcException(400, "error-invalid-params", "'activities' must be an array of names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode a : activities) {
            if (!a.isTextual()) {
                throw new RcException(400, "error-invalid-params", "'activities' must be an array of names");
            }
            names.add(a.textValue());
        }
        JsonNode tmid = event.path("tmid");
        typing.remoteTyped(user, room, names, tmid.isTextual() ? Map.of("tmid", tmid.textValue()) : Map.of());
    }

    /** The user {@code userId}, when it is a user of {@code domain} we know; else refused. */
    private User ownUserOf(String domain, String userId) {
        User user = users.byId(userId).orElse(null);
        if (user == null || !domain.equals(user.federationOrigin())) {
            throw refused(domain, "spoke for user " + userId + ", who is not one of its users known here");
        }
        return user;
    }

    private static RcException refused(String domain, String what) {
        log.warn("Refused an ephemeral event from {}: it {}", domain, what);
        return new RcException(403, "forbidden", "Refused an ephemeral event from " + domain + ": it " + what
                + " (a server speaks only for its own users, in rooms it is in)");
    }

    private static String text(JsonNode event, String field) {
        JsonNode node = event.path(field);
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw new RcException(400, "error-invalid-params", "'" + field + "' must be a non-empty string");
        }
        return node.textValue();
    }
}
