package dev.fedchat.server.api.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the realtime tests share: predicates over received DDP frames, method calls that also check
 * the {@code result} → {@code updated} pairing (client-api.md §3.1), and logged-in clients.
 *
 * <p>Absence is asserted without sleeping: the server writes a session's frames in order, so once
 * a frame sent <em>later</em> has arrived, an earlier frame that is still missing never will.
 */
final class Frames {
    private Frames() {}

    static Predicate<JsonNode> msg(String kind) {
        return f -> f.path("msg").asText().equals(kind);
    }

    /** A stream event: {@code changed} on {@code collection} with {@code fields.eventName}. */
    static Predicate<JsonNode> event(String collection, String eventName) {
        return f -> msg("changed").test(f) && f.path("collection").asText().equals(collection)
                && f.path("fields").path("eventName").asText().equals(eventName);
    }

    /** A stream event whose first argument is the message {@code messageId} (with {@code msg} text). */
    static Predicate<JsonNode> messageEvent(String collection, String eventName, String messageId, String text) {
        return event(collection, eventName).and(f -> firstArg(f).path("_id").asText().equals(messageId)
                && firstArg(f).path("msg").asText().equals(text));
    }

    static JsonNode firstArg(JsonNode frame) {
        return frame.path("fields").path("args").path(0);
    }

    /** A client that did connect/connected and logged in with {@code <username>-pass}, {@code updated} included. */
    static DdpClient loggedIn(TestServer server, String username) {
        return loggedIn(server, username, username + "-pass");
    }

    static DdpClient loggedIn(TestServer server, String username, String password) {
        DdpClient ddp = server.ddp().handshake();
        JsonNode login = ddp.loginWithPassword(username, password);
        assertThat(login.has("error")).as("login of %s: %s", username, login).isFalse();
        assertUpdatedFollows(ddp, login); // and so nothing of the login is still on its way
        return ddp;
    }

    /** Calls a method that must succeed; checks {@code updated} follows; returns {@code result}. */
    static JsonNode callOk(DdpClient ddp, String method, Object... params) {
        JsonNode answer = ddp.call(method, params);
        assertThat(answer.has("error")).as("%s answered %s", method, answer).isFalse();
        assertUpdatedFollows(ddp, answer);
        return answer.path("result");
    }

    /** Calls a method that must fail; checks {@code updated} follows; returns the {@code error}. */
    static JsonNode callError(DdpClient ddp, String method, Object... params) {
        JsonNode answer = ddp.call(method, params);
        assertThat(answer.has("error")).as("%s answered %s", method, answer).isTrue();
        assertThat(answer.has("result")).as("%s answered %s", method, answer).isFalse();
        assertUpdatedFollows(ddp, answer);
        JsonNode error = answer.path("error");
        assertThat(error.path("errorType").asText()).isEqualTo("Meteor.Error");
        assertThat(error.path("isClientSafe").asBoolean()).isTrue();
        assertThat(error.path("message").asText()).isEqualTo(error.path("reason").asText() + " [" + error.path("error").asText() + "]");
        return error;
    }

    /** The {@code updated} frame for this result's method id arrives, and after the result. */
    static void assertUpdatedFollows(DdpClient ddp, JsonNode result) {
        String id = result.path("id").asText();
        JsonNode updated = ddp.await(f -> msg("updated").test(f) && f.path("methods").toString().equals("[\"" + id + "\"]"));
        assertThat(indexOf(ddp, updated)).as("updated for method %s comes after its result", id)
                .isGreaterThan(indexOf(ddp, result));
    }

    /** Position of this exact frame (by identity) among the frames received so far. */
    static int indexOf(DdpClient ddp, JsonNode frame) {
        List<JsonNode> all = ddp.received();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == frame) {
                return i;
            }
        }
        throw new AssertionError("frame not received: " + frame);
    }

    /** Frames received after {@code frame}. */
    static List<JsonNode> after(DdpClient ddp, JsonNode frame) {
        List<JsonNode> all = List.copyOf(ddp.received());
        return all.subList(indexOf(ddp, frame) + 1, all.size());
    }

    /** EJSON date: {@code {"$date": <epoch ms>}} and nothing else. */
    static long ejsonDate(JsonNode node) {
        assertThat(node.isObject()).as("EJSON date expected, got %s", node).isTrue();
        assertThat(node.size()).as("EJSON date %s", node).isEqualTo(1);
        assertThat(node.path("$date").isIntegralNumber()).as("EJSON date %s", node).isTrue();
        return node.path("$date").asLong();
    }
}
