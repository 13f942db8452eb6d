package dev.fedchat.protocol.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meteor's EJSON, the form federation bodies take before they are encrypted
 * (federation-protocol.md §3.2 step 1): dates become {@code {"$date": <epoch ms>}}, bytes
 * {@code {"$binary": "<base64>"}}, NaN and infinities {@code {"$InfNaN": 0|1|-1}}, and a plain
 * object that would read as one of those tags is wrapped in {@code {"$escape": …}} so it comes
 * back as the object it was.
 *
 * <p>Java side: {@link Instant} for dates, {@code byte[]} for binary, {@link Map} (insertion order
 * kept), {@link List}, {@link String}, {@link Number}, {@link Boolean} and {@code null}.
 * Thread-safe (stateless).
 */
public final class Ejson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Single-key objects EJSON reads as a type; {@code $type}+{@code $value} is the two-key one. */
    private static final Set<String> TAGS = Set.of("$date", "$binary", "$InfNaN", "$escape");

    private Ejson() {}

    /** Meteor's {@code EJSON.toJSONValue}. */
    public static JsonNode toJsonValue(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Instant instant) {
            return NODES.objectNode().put("$date", instant.toEpochMilli());
        }
        if (value instanceof java.util.Date date) {
            return NODES.objectNode().put("$date", date.getTime());
        }
        if (value instanceof byte[] bytes) {
            return NODES.objectNode().put("$binary", Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return NODES.objectNode().put("$InfNaN", d.isNaN() ? 0 : d > 0 ? 1 : -1);
        }
        if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            return toJsonValue(f.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            map.forEach((k, v) -> out.set(String.valueOf(k), toJsonValue(v)));
            return looksLikeATag(out) ? NODES.objectNode().set("$escape", out) : out;
        }
        if (value instanceof Iterable<?> items) {
            ArrayNode out = NODES.arrayNode();
            items.forEach(item -> out.add(toJsonValue(item)));
            return out;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        throw new IllegalArgumentException("EJSON has no form for a " + value.getClass().getName());
    }

    /** Meteor's {@code EJSON.fromJSONValue}: tags back to Java values, escapes unwrapped. */
    public static Object fromJsonValue(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            if (node.size() == 1) {
                String key = node.fieldNames().next();
                JsonNode v = node.get(key);
                switch (key) {
                    case "$date" -> {
                        if (v.isNumber()) {
                            return Instant.ofEpochMilli(v.asLong());
                        }
                    }
                    case "$binary" -> {
                        if (v.isTextual()) {
                            return Base64.getDecoder().decode(v.textValue());
                        }
                    }
                    case "$InfNaN" -> {
                        if (v.isNumber()) {
                            int sign = v.asInt();
                            return sign == 0 ? Double.NaN : sign > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                        }
                    }
                    case "$escape" -> {
                        if (v.isObject()) {
                            return fields(v);
                        }
                    }
                    default -> { }
                }
            }
            return fields(node);
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(item -> out.add(fromJsonValue(item)));
            return out;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        return node.doubleValue();
    }

    private static Map<String, Object> fields(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), fromJsonValue(e.getValue()));
        }
        return out;
    }

    /** A plain object that EJSON would mistake for a typed value on the way back. */
    private static boolean looksLikeATag(ObjectNode object) {
        if (object.size() == 1) {
            return TAGS.contains(object.fieldNames().next());
        }
        return object.size() == 2 && object.has("$type") && object.has("$value");
    }
}
