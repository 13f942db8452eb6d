package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.protocol.event.EventIds;
import java.util.ArrayList;
import java.util.List;

/**
 * One event of a room's graph (federation-protocol.md §7.1). {@code data} is kept in its EJSON
 * wire form (dates as {@code {"$date": ms}}), exactly as it travels, so the id can be recomputed
 * and the event re-sent byte for byte.
 */
public record FederationEvent(String id, String origin, String roomId, List<String> parentIds, EventType type,
                              long timestamp, ObjectNode data) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest event id accepted from a peer: ours and Rocket.Chat's are 64 hex digits (SHA-256), as the tables hold. */
    static final int MAX_ID = 64;
    /** Longest room id: a direct room's is its two members' ids joined, as the rooms table holds. */
    static final int MAX_ROOM_ID = 128;

    public FederationEvent {
        parentIds = List.copyOf(parentIds);
    }

    /** A new event, its id computed with Rocket.Chat's recipe (§7.3). */
    public static FederationEvent create(String origin, String roomId, List<String> parentIds, EventType type,
                                         long timestamp, ObjectNode data) {
        String id = EventIds.of(origin, roomId, parentIds, type.wire(), timestamp, data);
        return new FederationEvent(id, origin, roomId, parentIds, type, timestamp, data);
    }

    /** The envelope as it travels (before encryption). */
    public ObjectNode toWire() {
        ObjectNode wire = JSON.createObjectNode();
        wire.put("_id", id);
        wire.put("origin", origin);
        wire.putObject("context").put("roomId", roomId);
        ArrayNode parents = wire.putArray("parentIds");
        parentIds.forEach(parents::add);
        wire.put("type", type.wire());
        wire.putObject("timestamp").put("$date", timestamp);
        wire.set("data", data);
        wire.put("hasChildren", false);
        return wire;
    }

    /** Reads an envelope sent by a peer; anything missing or malformed is refused with the reason. */
    public static FederationEvent fromWire(JsonNode wire) {
        if (wire == null || !wire.isObject()) {
            throw new InvalidEventException("an event must be a JSON object");
        }
        String type = text(wire, "type");
        EventType eventType = EventType.fromWire(type)
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + type + "'"));
        String id = text(wire, "_id");
        if (id.length() > MAX_ID) {
            throw new InvalidEventException("the event id is longer than " + MAX_ID + " characters");
        }
        String roomId = text(wire.path("context"), "roomId");
        if (roomId.length() > MAX_ROOM_ID) {
            throw new InvalidEventException("event " + id + ": the room id is longer than " + MAX_ROOM_ID + " characters");
        }
        JsonNode parents = wire.path("parentIds");
        if (!parents.isArray()) {
            throw new InvalidEventException("event " + id + ": parentIds must be an array");
        }
        List<String> parentIds = new ArrayList<>();
        for (JsonNode p : parents) {
            if (!p.isTextual() || p.asText().length() > MAX_ID) {
                throw new InvalidEventException("event " + id + ": every parent id must be a text of at most " + MAX_ID + " characters");
            }
            parentIds.add(p.asText());
        }
        JsonNode ts = wire.path("timestamp").path("$date");
        if (!ts.canConvertToLong()) {
            throw new InvalidEventException("event " + id + ": timestamp must be an EJSON date {\"$date\": ms}");
        }
        JsonNode data = wire.path("data");
        if (!data.isObject()) {
            throw new InvalidEventException("event " + id + ": data must be an object");
        }
        return new FederationEvent(id, text(wire, "origin"), roomId, parentIds, eventType, ts.asLong(), (ObjectNode) data);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidEventException("the event's " + field + " is missing or not a text");
        }
        return value.asText();
    }
}
