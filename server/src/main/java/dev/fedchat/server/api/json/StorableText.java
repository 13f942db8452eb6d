package dev.fedchat.server.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.error.RcException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule for text that comes in at an edge (REST and server-to-server query, path, header
 * and form values, JSON bodies, DDP frames, opened federation bodies): it must be text both
 * databases can store as it was sent. Two kinds of code unit are refused:
 * <ul>
 *   <li>U+0000 (NUL): PostgreSQL's text types cannot hold it (SQLState 22021), while H2 stores it,
 *       so the same request was stored on one database and answered 500 on the other.</li>
 *   <li>an unpaired UTF-16 surrogate (a JSON {@code \ud800} escape, say): it is not a character
 *       and has no UTF-8 form, so it would be stored as {@code ?} (PostgreSQL's driver) or kept
 *       (H2): an id that silently became another one.</li>
 * </ul>
 * Every other character is accepted. The check runs once, at the edge, before any handler; the
 * refusal is a 400 naming the field, in the caller's dialect (the REST mapper or DDP's errors
 * render the {@link RcException}).
 */
public final class StorableText {
    private StorableText() {}

    /** Why {@code value} cannot be stored, or empty when it can (null can). */
    public static Optional<String> problem(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return Optional.of("holds a NUL character (U+0000), which cannot be stored");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair: one character beyond the basic plane
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("holds an unpaired surrogate (U+%04X), which is not a character", (int) c));
            }
        }
        return Optional.empty();
    }

    /** Refuses {@code value} with a 400 that names {@code field} ({@code "the query parameter 'rid'"}, say). */
    public static void require(String field, String value) {
        Optional<String> problem = problem(value);
        if (problem.isPresent()) {
            throw refusal(field, problem.get());
        }
    }

    /**
     * Refuses a JSON tree any of whose field names or texts cannot be stored, naming the first
     * such field by its path from the root ({@code events[0].data.msg}) after {@code what}
     * ({@code "the body"}, say). Jackson bounds a tree's depth (1,000), so the walk is bounded too.
     */
    public static void require(String what, JsonNode tree) {
        Found found = firstUnstorable(tree, "");
        if (found != null) {
            String at = found.path().isEmpty() ? what : what + "'s field '" + found.path() + "'";
            throw refusal(at, found.problem());
        }
    }

    /** Where under a tree a text cannot be stored, and why. */
    private record Found(String path, String problem) {}

    /** The first field name or text under {@code node} that cannot be stored, or null. */
    private static Found firstUnstorable(JsonNode node, String path) {
        if (node.isTextual()) {
            return problem(node.textValue()).map(p -> new Found(path, p)).orElse(null);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Found found = firstUnstorable(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String name = path.isEmpty() ? printable(field.getKey()) : path + "." + printable(field.getKey());
                Optional<String> badName = problem(field.getKey());
                if (badName.isPresent()) {
                    return new Found(name, "has a name that " + badName.get());
                }
                Found found = firstUnstorable(field.getValue(), name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * {@code name} with what cannot be stored written as a {@code \\uXXXX} escape, so that a
     * refusal naming it can itself be logged and stored.
     */
    public static String printable(String name) {
        if (problem(name).isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1));
            if (c == '\u0000' || (Character.isSurrogate(c) && !pair)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
                if (pair) {
                    out.append(name.charAt(++i));
                }
            }
        }
        return out.toString();
    }

    private static RcException refusal(String field, String problem) {
        return RcException.invalidParams(capitalised(field) + " " + problem);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
