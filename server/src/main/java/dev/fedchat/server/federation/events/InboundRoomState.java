package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.EventFields.refuse;

import dev.fedchat.server.db.UniqueViolation;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import dev.fedchat.server.user.User;
import dev.fedchat.server.user.UserService;

/**
 * Applies a {@code room_update} (fedchat's; {@link RoomStateWire}): a federated room's settings
 * and roles as its origin says they are now. Only the room's origin may send it, itself (never
 * relayed), and only for a group or channel it holds; a state not newer than the one here is a
 * no-op. Thread-safe (stateless).
 */
final class InboundRoomState {
    private final RoomService rooms;
    private final UserService users;

    InboundRoomState(RoomService rooms, UserService users) {
        this.rooms = rooms;
        this.users = users;
    }

    /**
     * @param room      the room, federated and including the sender (checked by the caller)
     * @param relayedBy the server that passed the event on, or null
     */
    void apply(String sender, Room room, FederationEvent e, String relayedBy) {
        if (relayedBy != null || !sender.equals(room.federationOrigin()) || !sender.equals(e.origin())) {
            throw refuse("event " + e.id() + ": only room " + room.id() + "'s origin " + room.federationOrigin()
                    + " may send its settings and roles, itself; " + (relayedBy != null ? relayedBy : sender) + " sent them");
        }
        if (room.isDirect()) {
            throw refuse("event " + e.id() + ": room " + room.id() + " is a direct conversation, which has no settings");
        }
        RoomStateWire.Told told = RoomStateWire.read(e, room, sender);
        User by = told.byUserId() == null ? null
                : users.byId(told.byUserId()).filter(u -> sender.equals(u.federationOrigin())).orElse(null);
        try {
            rooms.replicas().applyState(room, told.state(), told.version(), by);
        } catch (RuntimeException ex) {
            if (UniqueViolation.causedBy(ex)) {
                throw refuse("event " + e.id() + ": room " + room.id() + " cannot be named " + told.state().settings().name()
                        + " here, another room has that name");
            }
            throw ex;
        }
    }
}
