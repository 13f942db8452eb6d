package dev.fedchat.server.api.view;

import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomService;
import java.util.Map;

/** Renders rooms, loading a direct message's members (its {@code usernames} and {@code uids}). */
public final class RoomViews {
    private final RoomService rooms;

    public RoomViews(RoomService rooms) {
        this.rooms = rooms;
    }

    public Map<String, Object> room(Room room) {
        return Views.room(room, room.isDirect() ? rooms.members(room) : null);
    }
}
