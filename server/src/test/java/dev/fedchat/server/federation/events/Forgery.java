package dev.fedchat.server.federation.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.user.User;
import java.util.List;
import java.util.Map;

/**
 * Events a real server sends as it never would on its own: built by hand, sealed with the sending
 * server's key and posted to a peer's {@code federation.events.dispatch}, so the peer proves the
 * sender exactly as for its real events. For the tests of what a peer refuses from a server that is
 * part of a room but oversteps its rights.
 */
final class Forgery {
    private Forgery() {}

    /**
     * Sends one event of {@code type} about {@code roomId} from {@code sender} (its domain as the
     * event's origin) to {@code to}; returns the peer's refusal, or null when it accepted the event.
     */
    static String dispatch(TestServer sender, String to, EventType type, String roomId, Map<String, Object> data) {
        String origin = sender.server().federationClient().ownDomain();
        return dispatch(sender, to, List.of(event(origin, roomId, type, data)));
    }

    /** An event of {@code type} about {@code roomId} claiming {@code origin}, made now and without parents. */
    static FederationEvent event(String origin, String roomId, EventType type, Map<String, Object> data) {
        return FederationEvent.create(origin, roomId, List.of(), type, System.currentTimeMillis(),
                (ObjectNode) Json.MAPPER.valueToTree(data));
    }

    /** Sends {@code events} as one batch from {@code sender} to {@code to}; the refusal, or null when accepted. */
    static String dispatch(TestServer sender, String to, List<FederationEvent> events) {
        StringBuilder batch = new StringBuilder("{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            batch.append(i == 0 ? "" : ",").append(events.get(i).toWire());
        }
        return dispatchBody(sender, to, batch.append("]}").toString());
    }

    /** Sends a batch given as JSON text (events as a peer once sent them, say); the refusal, or null when accepted. */
    static String dispatchBody(TestServer sender, String to, String batchJson) {
        try {
            sender.server().federationClient().post(to, "federation.events.dispatch", batchJson);
            return null;
        } catch (PeerCallException e) {
            if (e.kind() != PeerCallException.Kind.REJECTED) {
                throw new AssertionError("the dispatch did not reach " + to + ": " + e.getMessage(), e);
            }
            return e.getMessage();
        }
    }

    /** {@code user} as an event names a user: enough for the receivers' checks (id, qualified name, origin). */
    static Map<String, Object> user(User user, String homeDomain) {
        String username = user.username().contains("@") ? user.username() : user.username() + "@" + homeDomain;
        String origin = username.substring(username.lastIndexOf('@') + 1);
        return Map.of("_id", user.id(), "username", username, "name", user.name(), "federation", Map.of("origin", origin));
    }
}
