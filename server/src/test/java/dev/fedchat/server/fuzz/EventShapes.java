package dev.fedchat.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.Json;
import java.util.List;
import java.util.Map;

/**
 * The {@code data} of each event type as beta would send it about {@code roomId}, in the shapes
 * of federation-protocol.md §7.2 (and our {@code WireFormat}): the valid starting point that
 * {@link FuzzInputs#mutations()} breaks field by field. Users are bob of beta; ids are the
 * fixture's placeholders.
 */
final class EventShapes {
    private EventShapes() {}

    static JsonNode data(String type, String roomId) {
        Map<String, Object> bob = Map.of("_id", "$BOB", "username", "bob@beta.test", "name", "Bob", "type", "user",
                "active", true, "roles", List.of("user"), "federation", Map.of("origin", "beta.test"));
        Map<String, Object> date = Map.of("$date", 1_700_000_000_000L);
        List<String> domains = List.of("beta.test", "alpha.test");
        Object data = switch (type) {
            case "genesis" -> Map.of("contextType", "room", "room", Json.obj("_id", roomId, "t", "p", "name", "fz", "fname", "fz",
                    "usernames", List.of("bob@beta.test"), "uids", List.of("$BOB"), "u", Map.of("_id", "$BOB", "username",
                            "bob@beta.test"), "msgs", 0, "ts", date, "_updatedAt", date,
                    "federation", Map.of("origin", "beta.test", "domains", domains)));
            case "room_add_user" -> Map.of("roomId", roomId, "user", bob, "subscription", Map.of("rid", roomId, "u",
                    Map.of("_id", "$BOB", "username", "bob@beta.test"), "name", "fz", "t", "p", "open", true, "ts", date,
                    "federation", Map.of("origin", "beta.test")), "domainsAfterAdd", domains);
            case "room_remove_user" -> Map.of("roomId", roomId, "user", bob, "domainsAfterRemoval", domains);
            case "room_user_left" -> Map.of("roomId", roomId, "user", bob, "domainsAfterLeave", domains);
            case "room_mute_user", "room_unmute_user" -> Map.of("roomId", roomId, "user", bob);
            case "room_message" -> Map.of("message", Map.of("_id", "fuzzmessage000001", "rid", roomId, "msg", "hello",
                    "ts", date, "u", Map.of("_id", "$BOB", "username", "bob@beta.test", "name", "Bob"), "mentions", List.of(),
                    "channels", List.of(), "_updatedAt", date, "federation", Map.of("origin", "beta.test")));
            case "room_edit_message" -> Map.of("message", Map.of("_id", "fuzzmessage000001", "msg", "edited",
                    "federation", Map.of("origin", "beta.test")));
            case "room_delete_message" -> Map.of("roomId", roomId, "messageId", "fuzzmessage000001");
            case "room_set_message_reaction", "room_unset_message_reaction" -> Map.of("roomId", roomId,
                    "messageId", "fuzzmessage000001", "username", "bob@beta.test", "reaction", ":+1:");
            case "room_delete" -> Map.of("roomId", roomId);
            case "room_update" -> Map.of("roomId", roomId, "version", 1_700_000_000_000L, "u", Map.of("_id", "$BOB",
                    "username", "bob@beta.test"), "room", Map.of("name", "fz@beta.test", "topic", "fuzzed", "ro", true),
                    "roles", List.of(Map.of("u", Map.of("_id", "$BOB", "username", "bob@beta.test"), "roles", List.of("owner"))));
            default -> Map.of();
        };
        return Json.MAPPER.valueToTree(data);
    }
}
