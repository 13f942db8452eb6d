package dev.fedchat.server.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * The fuzzer's generators. Texts lean to what breaks servers: NUL, unpaired surrogates, pairs,
 * huge and empty strings, ids one past a column's width, names with {@code @}, SQL and path
 * metacharacters; JSON values of the wrong type and deep nesting; and the fixture's real ids as
 * placeholders ({@code $SECRET}, {@code $SHARED}, {@code $PLAY}, {@code $BOB}, {@code $MALLORY_ROOM}, filled in
 * by {@link FuzzTarget#fill}) so that generated input reaches past the first lookup.
 */
final class FuzzInputs {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The wire names of every event type, and a few that are not. */
    static final List<String> TYPES = List.of("genesis", "room_delete", "room_add_user", "room_remove_user", "room_user_left",
            "room_message", "room_edit_message", "room_delete_message", "room_set_message_reaction",
            "room_unset_message_reaction", "room_mute_user", "room_unmute_user", "ping", "room_update");

    private FuzzInputs() {}

    /**
     * Short odd texts: the characters and shapes that have broken servers before. Text no
     * database can store (NUL, unpaired surrogates) is one draw in twelve, so most generated
     * input gets past the edge check and reaches the handlers behind it.
     */
    static Arbitrary<String> oddText() {
        return Arbitraries.frequencyOf(
                weighted(5, Arbitraries.strings().alpha().numeric().ofMinLength(0).ofMaxLength(20)),
                weighted(3, Arbitraries.of("é", "\u202e", "\ud834\udd1e", "", " ", "\t\n", "@", "bob@", "@beta.test",
                        "bob@beta.test", "bob@alpha.test", "eve@gamma.test", "admin", "alice", "' OR '1'='1", "%00", "%", "_",
                        "..", "../../etc/passwd", "\\", "\"", "{}", "null", "#secret", "-1", "1e309")),
                weighted(1, Arbitraries.strings().withCharRange('\u0001', '\ud7ff').ofMinLength(0).ofMaxLength(40)),
                weighted(1, Arbitraries.of(63, 64, 65, 128, 129, 255, 256, 1025, 5001, 70_000).map("x"::repeat)),
                weighted(1, Arbitraries.of("\u0000", "a\u0000b", "\ud800", "x\udc00", "\udc00\ud800")));
    }

    /** Ids: the fixture's real ones (to get past the first lookup) or odd texts. */
    static Arbitrary<String> id() {
        return idAmong("$SECRET", "$SHARED", "$MALLORY_ROOM", "$BOB", "GENERAL");
    }

    /** Ids: one of {@code placeholders} (the fixture's real ids) or odd texts. */
    static Arbitrary<String> idAmong(String... placeholders) {
        return Arbitraries.frequencyOf(
                weighted(3, Arbitraries.of(placeholders)),
                weighted(2, Arbitraries.strings().alpha().numeric().ofLength(17)),
                weighted(3, oddText()));
    }

    /** Any JSON value, nested up to {@code depth}, texts odd. */
    static Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                oddText().map(NODES::textNode),
                Arbitraries.longs().map(NODES::numberNode), Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode), Arbitraries.just(NODES.nullNode()));
        if (depth <= 0) {
            return scalar;
        }
        Arbitrary<JsonNode> array = json(depth - 1).list().ofMaxSize(3).map(items -> {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Combinators.combine(fieldName().list().ofMaxSize(3), json(depth - 1).list().ofSize(3))
                .as((names, values) -> {
                    ObjectNode o = NODES.objectNode();
                    for (int i = 0; i < names.size(); i++) {
                        o.set(names.get(i), values.get(i));
                    }
                    return (JsonNode) o;
                });
        return Arbitraries.frequencyOf(weighted(4, scalar), weighted(1, array), weighted(1, object));
    }

    /** Arrays nested past any parser's limit (Jackson's is 1,000), or just under it. */
    static Arbitrary<String> deepNesting() {
        return Arbitraries.of(50, 999, 1001, 5000).map(n -> "[".repeat(n) + "]".repeat(n));
    }

    /** The names the receivers read (every event's fields), and odd ones. */
    static Arbitrary<String> fieldName() {
        return Arbitraries.frequencyOf(
                weighted(4, Arbitraries.of("_id", "rid", "roomId", "msg", "message", "u", "user", "username", "name", "federation",
                        "origin", "domains", "domainsAfterAdd", "domainsAfterLeave", "domainsAfterRemoval", "room", "t",
                        "subscription", "messageId", "reaction", "ts", "tmid", "mentions", "file", "files", "attachments",
                        "$date", "_updatedAt", "createdAt", "type", "uids", "usernames", "fname", "msgs")),
                weighted(1, oddText()));
    }

    private static final String[] BETA_ORIGINS = {"beta.test", "alpha.test", "gamma.test", "", "\u0000"};

    /**
     * An event envelope: well-formed (origin beta, a real type, a date) most of the time, each
     * part sometimes broken, and its {@code data} its type's wire shape ({@link EventShapes})
     * mutated field by field.
     */
    static Arbitrary<JsonNode> event(String roomId) {
        Arbitrary<String> type = Arbitraries.of(TYPES);
        Arbitrary<JsonNode> eventId = Arbitraries.frequencyOf(
                weighted(12, Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(NODES::textNode)),
                weighted(1, oddText().map(NODES::textNode)), weighted(1, json(1)));
        Arbitrary<JsonNode> origin = Arbitraries.frequencyOf(weighted(8, Arbitraries.just(NODES.textNode("beta.test"))),
                weighted(1, Arbitraries.of(BETA_ORIGINS).map(NODES::textNode)), weighted(1, json(1)));
        Arbitrary<JsonNode> parents = Arbitraries.frequencyOf(weighted(6, Arbitraries.just(NODES.arrayNode())),
                weighted(2, eventId.list().ofMaxSize(3).map(FuzzInputs::array)), weighted(1, json(1)));
        Arbitrary<JsonNode> timestamp = Arbitraries.frequencyOf(
                weighted(6, Arbitraries.longs().between(0, 4_102_444_800_000L).map(ms -> (JsonNode) NODES.objectNode().put("$date", ms))),
                weighted(1, json(1)));
        Arbitrary<JsonNode> wrongType = Arbitraries.frequencyOf(weighted(9, Arbitraries.just(NODES.nullNode())), weighted(1, json(1)));
        return Combinators.combine(type, eventId, origin, parents, timestamp, mutations(), wrongType)
                .as((t, id, o, p, ts, mutation, badType) -> {
                    ObjectNode e = NODES.objectNode();
                    e.set("_id", id);
                    e.set("origin", o);
                    e.putObject("context").put("roomId", roomId);
                    e.set("parentIds", p);
                    e.set("type", badType.isNull() ? NODES.textNode(t) : badType);
                    e.set("timestamp", ts);
                    e.set("data", mutation.apply(EventShapes.data(t, roomId)));
                    return (JsonNode) e;
                });
    }

    /**
     * A change to a wire shape, field by field: each field (depth first) is kept, its text
     * replaced by an odd one, replaced by any JSON value, or dropped, and odd fields are added;
     * about one field in twelve changes. Choices shrink to "keep", so a failure shrinks towards
     * the valid shape.
     */
    static Arbitrary<Mutation> mutations() {
        int n = 32;
        return Combinators.combine(Arbitraries.integers().between(0, 60).list().ofSize(n), json(1).list().ofSize(n),
                oddText().list().ofSize(n)).as(Mutation::new);
    }

    /** See {@link #mutations()}. */
    record Mutation(List<Integer> choices, List<JsonNode> junk, List<String> texts) {
        JsonNode apply(JsonNode shape) {
            int[] next = {0};
            return mutate(shape.deepCopy(), next);
        }

        private JsonNode mutate(JsonNode node, int[] next) {
            int i = next[0]++ % choices.size();
            int choice = choices.get(i);
            if (choice == 60) {
                return NODES.textNode(texts.get(i));
            }
            if (choice == 59) {
                return junk.get(i);
            }
            if (node.isObject()) {
                ObjectNode o = (ObjectNode) node;
                for (String name : List.copyOf(iterable(o))) {
                    JsonNode child = mutate(o.get(name), next);
                    if (child == null) {
                        o.remove(name);
                    } else {
                        o.set(name, child);
                    }
                }
                if (choice == 58) {
                    o.set(texts.get(i), junk.get(i));
                }
                return o;
            }
            if (choice == 57) {
                return null; // the field is dropped
            }
            if (node.isTextual() && choice == 56) {
                return NODES.textNode(texts.get(i));
            }
            return node;
        }

        private static List<String> iterable(ObjectNode o) {
            List<String> names = new java.util.ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    private static JsonNode array(List<JsonNode> items) {
        ArrayNode a = NODES.arrayNode();
        items.forEach(a::add);
        return a;
    }

    /** A query string of the names a route reads, with odd values, URL-encoded as a client would. */
    static Arbitrary<String> query(List<String> names) {
        Arbitrary<String> value = Arbitraries.frequencyOf(weighted(3, id()), weighted(2, oddText()));
        return Combinators.combine(Arbitraries.of(names).list().ofMinSize(1).ofMaxSize(3), value.list().ofSize(3))
                .as((keys, values) -> {
                    StringBuilder q = new StringBuilder();
                    for (int i = 0; i < keys.size(); i++) {
                        q.append(i == 0 ? "" : "&").append(encode(keys.get(i))).append('=').append(encode(values.get(i)));
                    }
                    return q.toString();
                });
    }

    /** A JSON body of the fields a route reads: ids among {@code placeholders}, odd values, wrong types, nested junk. */
    static Arbitrary<ObjectNode> body(List<String> names, String... placeholders) {
        Arbitrary<JsonNode> value = Arbitraries.frequencyOf(weighted(3, idAmong(placeholders).map(NODES::textNode)), weighted(2, oddText().map(NODES::textNode)),
                weighted(2, json(2)));
        return Combinators.combine(Arbitraries.of(names).list().ofMinSize(0).ofMaxSize(names.size() + 1), value.list().ofSize(names.size() + 1))
                .as((keys, values) -> {
                    ObjectNode o = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return o;
                });
    }

    /**
     * URL-encodes as UTF-8; an unpaired surrogate has no UTF-8 form and becomes {@code ?}, so it
     * is sent as the bytes of its CESU form instead, which a server must refuse or replace.
     */
    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1)))) {
                out.append(String.format("%%%02X%%%02X%%%02X", 0xE0 | (c >> 12), 0x80 | ((c >> 6) & 0x3F), 0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c)) {
                out.append(URLEncoder.encode(text.substring(i, i + 2), StandardCharsets.UTF_8));
                i++;
            } else {
                out.append(URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    private static <T> Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    static Map<String, List<String>> restQueries() {
        return Map.of(
                "/api/v1/users.info", List.of("userId", "username"),
                "/api/v1/rooms.info", List.of("roomId", "roomName"),
                "/api/v1/channels.members", List.of("roomId", "roomName", "count", "offset"),
                "/api/v1/groups.members", List.of("roomId", "roomName", "count", "offset"),
                "/api/v1/chat.syncMessages", List.of("roomId", "lastUpdate", "count", "next", "previous", "type"));
    }
}
