package dev.fedchat.server.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.server.api.json.StorableText;
import dev.fedchat.server.error.RcException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON request body, read with type checks that fail as Rocket.Chat's {@code invalid-params}
 * with the field named. A malformed or non-object body fails before any handler logic runs.
 */
final class RequestBody {
    private final ObjectNode root;
    private final ObjectMapper json;

    private RequestBody(ObjectNode root, ObjectMapper json) {
        this.root = root;
        this.json = json;
    }

    static RequestBody parse(String text, ObjectMapper json) {
        if (text == null || text.isBlank()) {
            return new RequestBody(json.createObjectNode(), json);
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw RcException.invalidParams("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw RcException.invalidParams("The body must be a JSON object");
        }
        StorableText.require("the body", object);
        return new RequestBody(object, json);
    }

    RequestBody object(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw RcException.invalidParams("must have required property '" + field + "'");
        }
        if (!(n instanceof ObjectNode object)) {
            throw RcException.invalidParams("'" + field + "' must be an object");
        }
        return new RequestBody(object, json);
    }

    boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    String string(String field) {
        String v = optString(field);
        if (v == null) {
            throw RcException.invalidParams("must have required property '" + field + "'");
        }
        return v;
    }

    String optString(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw RcException.invalidParams("'" + field + "' must be a string");
        }
        return n.textValue();
    }

    /** The first present of several alias fields. */
    String optString(String... fields) {
        for (String f : fields) {
            String v = optString(f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    Boolean optBool(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            throw RcException.invalidParams("'" + field + "' must be a boolean");
        }
        return n.booleanValue();
    }

    boolean bool(String field, boolean fallback) {
        Boolean b = optBool(field);
        return b == null ? fallback : b;
    }

    /** The body as parsed (checked already). */
    JsonNode root() {
        return root;
    }

    JsonNode node(String field) {
        return root.get(field);
    }

    /** A list of strings; a single string is accepted and split on commas (Rocket.Chat's {@code usernames}). */
    List<String> strings(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (n.isTextual()) {
            return Arrays.stream(n.textValue().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (!n.isArray()) {
            throw RcException.invalidParams("'" + field + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : n) {
            if (!item.isTextual()) {
                throw RcException.invalidParams("'" + field + "' must be an array of strings");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** A string or an array of strings, taken as given (no comma splitting); empty when absent. */
    List<String> stringOrArray(String field) {
        JsonNode n = root.get(field);
        if (n != null && n.isArray()) {
            List<String> out = new ArrayList<>();
            for (JsonNode item : n) {
                if (!item.isTextual()) {
                    throw RcException.invalidParams("'" + field + "' must be a string or an array of strings");
                }
                out.add(item.textValue());
            }
            return out;
        }
        String single = optString(field);
        return single == null ? List.of() : List.of(single);
    }

    /** The listed fields that are present, as plain Java values (kept on messages as given). */
    Map<String, Object> pick(String... fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : fields) {
            JsonNode n = root.get(f);
            if (n != null && !n.isNull()) {
                out.put(f, json.convertValue(n, Object.class));
            }
        }
        return out;
    }
}
