package dev.fedchat.server.api.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.api.view.Views;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.message.MessageSearch;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.user.User;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code messageSearch [text, rid, limit?, offset?]} → {@code {message:{docs:[...]}}}, as
 * Rocket.Chat 7.x answers it (the web client's and the mobile app's room search). Rocket.Chat
 * answers {@code false} when the caller may not read the room, and so does this method; without a
 * {@code rid} Rocket.Chat searches every room of the caller only when global search is switched
 * on (off by default), so here a search without a room finds nothing. The rest of the rules and
 * the refusals are {@link MessageSearch}'s.
 */
final class MessageSearchMethod implements DdpMethods.Method {
    /** Rocket.Chat's default {@code limit} for this method. */
    private static final int DEFAULT_LIMIT = 20;

    private final MessageSearch search;

    MessageSearchMethod(MessageSearch search) {
        this.search = search;
    }

    @Override
    public Object call(MethodCaller session, JsonNode params) {
        User caller = DdpMethods.user(session);
        JsonNode text = params.path(0);
        if (!text.isTextual()) {
            throw RcException.invalid("error-invalid-params", "Match failed: 'text' must be a string");
        }
        JsonNode rid = params.path(1);
        if (!rid.isTextual() || rid.textValue().isEmpty()) {
            return docs(List.of());
        }
        int limit = number(params.path(2), "limit", DEFAULT_LIMIT);
        int offset = number(params.path(3), "offset", 0);
        Optional<Room> room = search.readableRoom(caller, rid.textValue());
        if (room.isEmpty()) {
            return false; // the room is unknown or not the caller's to read: Rocket.Chat's answer
        }
        return docs(search.search(caller, room.get(), text.textValue(), limit, offset).stream()
                .map(Views::message).toList());
    }

    private static int number(JsonNode node, String what, int fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw RcException.invalid("error-invalid-params", "Match failed: '" + what + "' must be a whole number");
        }
        return node.intValue();
    }

    private static Map<String, Object> docs(Object docs) {
        return Map.of("message", Map.of("docs", docs));
    }
}
