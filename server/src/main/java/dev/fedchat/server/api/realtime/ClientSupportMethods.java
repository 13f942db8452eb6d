package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.api.view.RoomViews;
import dev.fedchat.server.api.view.Spotlight;
import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Meteor methods Rocket.Chat's own clients call while they start and search, beside the chat
 * methods of {@link DdpMethods} (docs/mobile-app.md has the app's call sequence):
 * <ul>
 *   <li>{@code license:getModules}: the enterprise modules licensed; none, as a Rocket.Chat
 *       Community server answers, so the app keeps omnichannel and VoIP off;</li>
 *   <li>{@code getUserRoles}: the users holding a global role shown as a badge (here {@code admin},
 *       the only one), {@code [{_id, username, roles}]};</li>
 *   <li>{@code spotlight(text, usernames, type, rid)}: {@link Spotlight};</li>
 *   <li>{@code getRoomByTypeAndName(type, name)}: the room a link names (the app's deep links and
 *       permalinks), {@code c}/{@code p} by name or id, {@code d} by id or by the other member's
 *       username among the caller's direct messages; {@code error-not-found} when there is none,
 *       {@code error-not-allowed} when the caller may not read it, as in Rocket.Chat.</li>
 * </ul>
 * Thread-safe: stateless.
 */
final class ClientSupportMethods {

    private final UserService users;
    private final RoomService rooms;
    private final RoomViews roomViews;
    private final Spotlight spotlight;

    ClientSupportMethods(UserService users, RoomService rooms, RoomViews roomViews, Spotlight spotlight) {
        this.users = users;
        this.rooms = rooms;
        this.roomViews = roomViews;
        this.spotlight = spotlight;
    }

    void register(Map<String, DdpMethods.Method> table) {
        table.put("license:getModules", (caller, params) -> List.of());
        table.put("getUserRoles", (caller, params) -> {
            requireUser(caller);
            return users.withRole(User.ROLE_ADMIN).stream().map(Views::roleHolder).toList();
        });
        table.put("spotlight", this::spotlight);
        table.put("getRoomByTypeAndName", this::roomByTypeAndName);
    }

    private Object roomByTypeAndName(MethodCaller caller, JsonNode params) {
        User user = requireUser(caller);
        JsonNode type = params.path(0);
        JsonNode name = params.path(1);
        if (!type.isTextual() || !name.isTextual() || name.textValue().isEmpty()) {
            throw RcException.invalid("error-invalid-params", "Match failed: the room type and name must be strings");
        }
        Optional<Room> found = switch (type.textValue()) {
            case "c", "p" -> rooms.byName(name.textValue()).or(() -> rooms.byId(name.textValue()))
                    .filter(r -> r.type().equals(type.textValue()));
            case "d" -> rooms.byId(name.textValue()).filter(Room::isDirect).or(() -> rooms.membershipsOfType(user, "d").stream()
                    .filter(m -> m.roomName().equals(name.textValue())).findFirst().flatMap(m -> rooms.byId(m.roomId())));
            default -> Optional.empty();
        };
        Room room = found.orElseThrow(() -> RcException.invalid("error-not-found", "Not found"));
        if (!rooms.canRead(room, user)) {
            throw RcException.invalid("error-not-allowed", "Not allowed");
        }
        return roomViews.room(room);
    }

    /** {@code [text, usernames?, {users, rooms, mentions}?, rid?]}; a missing type searches both. */
    private Object spotlight(MethodCaller caller, JsonNode params) {
        User user = requireUser(caller);
        JsonNode text = params.path(0);
        if (!text.isTextual()) {
            throw RcException.invalid("error-invalid-params", "Match failed: the search text must be a string");
        }
        List<String> exclude = new ArrayList<>();
        params.path(1).forEach(n -> {
            if (n.isTextual()) {
                exclude.add(n.textValue());
            }
        });
        JsonNode type = params.path(2);
        boolean wantUsers = !type.isObject() || type.path("users").asBoolean(false);
        boolean wantRooms = !type.isObject() || type.path("rooms").asBoolean(false);
        return spotlight.find(user, new Spotlight.Query(text.textValue(), wantUsers, wantRooms, exclude));
    }

    private static User requireUser(MethodCaller caller) {
        User u = caller.user();
        if (u == null) {
            throw RcException.invalid("error-invalid-user", "Invalid user: log in first");
        }
        return u;
    }
}
