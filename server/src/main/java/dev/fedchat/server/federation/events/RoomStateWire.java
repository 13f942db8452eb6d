package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.EventFields.refuse;
import static dev.fedchat.server.federation.events.EventFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.protocol.json.Ejson;
import dev.fedchat.server.room.MemberRoles;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.room.RoomSettings;
import dev.fedchat.server.room.RoomState;
import dev.fedchat.server.user.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data of fedchat's {@code room_update} (docs/federation-security.md, "Room settings"): the
 * room's whole state as its origin holds it, so a peer that missed one takes the next whole, and
 * its version, the origin's clock at the change (strictly increasing per room), so a late one is
 * never taken over a newer:
 * <pre>{"roomId", "version": ms, "u": {"_id", "username"},
 *  "room": {"name", "topic"?, "announcement"?, "description"?, "ro"},
 *  "roles": [{"u": {"_id", "username"}, "roles": ["owner", "moderator"]}]}</pre>
 * Names are qualified with their home domain, as in Rocket.Chat's other events.
 */
final class RoomStateWire {
    /** A peer's state as read: what it says the room is, its version, and who changed it (an id). */
    record Told(RoomState state, long version, String byUserId) {}

    private final WireFormat wire;

    RoomStateWire(WireFormat wire) {
        this.wire = wire;
    }

    ObjectNode write(Room room, RoomState state, User by, long version) {
        Map<String, Object> r = new LinkedHashMap<>();
        RoomSettings s = state.settings();
        r.put("name", wire.qualify(s.name()));
        WireFormat.putIfSet(r, "topic", s.topic());
        WireFormat.putIfSet(r, "announcement", s.announcement());
        WireFormat.putIfSet(r, "description", s.description());
        r.put("ro", s.readOnly());
        List<Map<String, Object>> roles = new ArrayList<>();
        for (MemberRoles m : state.roles()) {
            roles.add(Map.of("u", Map.of("_id", m.userId(), "username", wire.qualify(m.username())), "roles", m.roles()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("roomId", room.id());
        data.put("version", version);
        if (by != null) {
            data.put("u", Map.of("_id", by.id(), "username", wire.qualify(by.username())));
        }
        data.put("room", r);
        data.put("roles", roles);
        return (ObjectNode) Ejson.toJsonValue(data);
    }

    /** Reads {@code e}'s state for {@code room} of {@code origin}, refusing what is malformed. */
    static Told read(FederationEvent e, Room room, String origin) {
        JsonNode d = e.data();
        if (!text(d, "roomId", e).equals(room.id())) {
            throw refuse("event " + e.id() + " updates room " + d.path("roomId").asText() + " in the context of room " + room.id());
        }
        if (!d.path("version").canConvertToLong()) {
            throw refuse("event " + e.id() + " (room_update): 'version' must be a number");
        }
        JsonNode r = d.path("room");
        String name = text(r, "name", e);
        if (name.length() > 255 || !name.toLowerCase(Locale.ROOT).endsWith("@" + origin)) {
            throw refuse("event " + e.id() + " (room_update): the room's name '" + name + "' must be at most 255"
                    + " characters and end with @" + origin + ", the room's origin");
        }
        if (!r.path("ro").isBoolean()) {
            throw refuse("event " + e.id() + " (room_update): 'room.ro' must be true or false");
        }
        RoomSettings settings = new RoomSettings(name, optional(r, "topic", e), optional(r, "announcement", e),
                optional(r, "description", e), r.path("ro").booleanValue());
        List<MemberRoles> roles = new ArrayList<>();
        for (JsonNode m : d.path("roles")) {
            List<String> named = new ArrayList<>();
            m.path("roles").forEach(role -> {
                if (MemberRoles.KNOWN.contains(role.asText())) {
                    named.add(role.asText());
                }
            });
            roles.add(new MemberRoles(text(m.path("u"), "_id", e), text(m.path("u"), "username", e), null, named));
        }
        String by = d.path("u").path("_id").isTextual() ? d.path("u").path("_id").textValue() : null;
        return new Told(new RoomState(settings, roles), d.path("version").asLong(), by);
    }

    /** An optional text of a room (topic, announcement, description): unset when absent or empty. */
    static String optional(JsonNode r, String field, FederationEvent e) {
        JsonNode v = r.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.textValue().length() > RoomSettings.MAX_TEXT) {
            throw refuse("event " + e.id() + " (" + e.type().wire() + "): 'room." + field + "' must be a text of at most "
                    + RoomSettings.MAX_TEXT + " characters");
        }
        return v.textValue().isEmpty() ? null : v.textValue();
    }
}
