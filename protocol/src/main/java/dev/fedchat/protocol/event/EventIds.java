package dev.fedchat.protocol.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Event ids as Rocket.Chat computes them (federation-protocol.md §7.3): lower-case hex SHA-256 of
 * {@code origin + JSON(context) + parentIds.join(",") + type + String(timestamp) + JSON(data)},
 * where {@code String(timestamp)} is JavaScript's {@code Date.prototype.toString()} in the creating
 * server's time zone (we always use UTC). Receivers never recompute ids; we mimic the recipe so our
 * ids look like a Rocket.Chat server's.
 */
public final class EventIds {
    /** {@code Mon Sep 14 2020 12:26:40 GMT+0000}; the zone's long name follows in parentheses. */
    private static final DateTimeFormatter JS_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'xx", Locale.ROOT);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private EventIds() {}

    public static String of(String origin, String contextJson, List<String> parentIds, String type, long timestampMillis,
                            String dataJson) {
        return sha256Hex(origin + contextJson + String.join(",", parentIds) + type + jsDateString(timestampMillis, ZoneId.of("UTC"))
                + dataJson);
    }

    /**
     * The id of an event whose {@code data} is in its EJSON wire form, the way the creating
     * Rocket.Chat server computed it: dates in {@code data} become ISO strings (JavaScript's
     * {@code JSON.stringify} of a {@code Date}), key order kept, no spaces.
     */
    public static String of(String origin, String roomId, List<String> parentIds, String type, long timestampMillis,
                            JsonNode ejsonData) {
        ObjectNode context = JSON.createObjectNode().put("roomId", roomId);
        return of(origin, context.toString(), parentIds, type, timestampMillis, asJavascriptJson(ejsonData).toString());
    }

    /** EJSON dates ({@code {"$date": ms}}) replaced by ISO-8601 strings with milliseconds, recursively. */
    static JsonNode asJavascriptJson(JsonNode node) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("$date") && node.get("$date").isNumber()) {
                return JSON.getNodeFactory().textNode(ISO_MILLIS.format(Instant.ofEpochMilli(node.get("$date").asLong())));
            }
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), asJavascriptJson(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(asJavascriptJson(item)));
            return copy;
        }
        return node;
    }

    /** JavaScript's {@code new Date(ms).toString()} in {@code zone}: no milliseconds, zone name in parentheses. */
    static String jsDateString(long epochMillis, ZoneId zone) {
        var time = Instant.ofEpochMilli(epochMillis).atZone(zone);
        String name = zone.getId().equals("UTC") ? "Coordinated Universal Time"
                : zone.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        return JS_DATE.format(time) + " (" + name + ")";
    }

    public static String sha256Hex(String input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
