package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain Java values (maps, lists, strings, numbers) of JSON trees, for fields kept as given. */
final class JsonValues {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private JsonValues() {}

    static Object toJava(JsonNode node) {
        return PLAIN.convertValue(node, Object.class);
    }
}
