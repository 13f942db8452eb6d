package dev.fedchat.server.api.rest;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;

/**
 * A REST room family: {@code channels.*} serve public channels, {@code groups.*} private groups,
 * {@code im.*} direct messages. Each answers under its own key and sees only rooms of its type.
 *
 * @param prefix  the endpoints' prefix ({@code channels}, {@code groups}, {@code im})
 * @param type    the room type ({@code t}) the family serves
 * @param key     the key a single room is answered under ({@code channel}, {@code group}, {@code room})
 * @param listKey the key a list of rooms is answered under
 * @param noun    what the family's error messages call its rooms
 */
record RoomFamily(String prefix, String type, String key, String listKey, String noun) {
    static final RoomFamily CHANNELS = new RoomFamily("channels", Room.CHANNEL, "channel", "channels", "channel");
    static final RoomFamily GROUPS = new RoomFamily("groups", Room.GROUP, "group", "groups", "group");
    static final RoomFamily DIRECT = new RoomFamily("im", Room.DIRECT, "room", "ims", "direct message");

    /**
     * The family's room named by Rocket.Chat's room selector. An unknown room and a room of another
     * type fail alike with {@code error-room-not-found}, as Rocket.Chat's {@code findChannelByIdOrName}
     * does, so {@code channels.*} cannot be used to probe which private group ids exist.
     */
    Room find(RoomService rooms, String roomId, String roomName) {
        return rooms.find(roomId, roomName).filter(r -> r.type().equals(type))
                .orElseThrow(() -> RcException.invalid("error-room-not-found",
                        "The required \"roomId\" or \"roomName\" param provided does not match any " + noun));
    }
}
