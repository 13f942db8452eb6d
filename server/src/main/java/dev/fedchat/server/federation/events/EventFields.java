package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.error.RcException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading the fields of a peer's event, and refusing it with a reason the peer can act on. Every
 * refusal is an {@link RcException} with status 400 whose text starts {@code Event refused:}: the
 * sender's queue sets such an event aside instead of retrying it.
 */
final class EventFields {
    private EventFields() {}

    static String text(JsonNode node, String field, FederationEvent e) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw refuse("event " + e.id() + " (" + e.type().wire() + "): '" + field + "' is missing");
        }
        return v.asText();
    }

    /** Longest message id accepted: Rocket.Chat's are 17 characters; the messages table holds 64. */
    static final int MAX_MESSAGE_ID = 64;

    /** A message id: a text of at most {@link #MAX_MESSAGE_ID} characters. */
    static String messageId(JsonNode node, String field, FederationEvent e) {
        String id = text(node, field, e);
        if (id.length() > MAX_MESSAGE_ID) {
            throw refuse("event " + e.id() + " (" + e.type().wire() + "): '" + field + "' is longer than "
                    + MAX_MESSAGE_ID + " characters");
        }
        return id;
    }

    /** An EJSON date {@code {"$date": ms}}, or {@code fallback} when there is none. */
    static long date(JsonNode node, long fallback) {
        if (node.path("$date").canConvertToLong()) {
            return node.path("$date").asLong();
        }
        return fallback;
    }

    /** A list of domains: not empty, at most {@code max}, lower-cased, sorted, without repeats. */
    static List<String> domains(JsonNode list, FederationEvent e, int max) {
        if (!list.isArray() || list.isEmpty()) {
            throw refuse("event " + e.id() + ": a room's domains must be a non-empty list");
        }
        if (list.size() > max) {
            throw refuse("event " + e.id() + ": a room may span at most " + max + " domains (FEDERATED_DOMAINS_LENGTH)");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode d : list) {
            if (!d.isTextual() || d.asText().isBlank()) {
                throw refuse("event " + e.id() + ": every domain of a room must be a text");
            }
            out.add(d.asText().toLowerCase(Locale.ROOT));
        }
        return out.stream().distinct().sorted().toList();
    }

    static RcException refuse(String reason) {
        return new RcException(400, null, "Event refused: " + reason);
    }
}
