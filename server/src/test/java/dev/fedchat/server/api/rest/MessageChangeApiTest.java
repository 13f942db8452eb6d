package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.History;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Changing messages after they were sent: {@code chat.update}, {@code chat.delete},
 * {@code chat.react}, and reading one back with {@code chat.getMessage} (client-api.md §2.4).
 * The room's owner is {@code olive}; {@code amy} and {@code ben} are plain members.
 */
class MessageChangeApiTest {
    private static final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T12:00:00Z"));
    private static TestServer server;
    private static ApiClient olive;
    private static ApiClient amy;
    private static ApiClient ben;
    private static ApiClient outsider;
    private static String room;

    @BeforeAll
    static void start() {
        server = TestServer.start(UnaryOperator.identity(), clock);
        olive = server.newUser("olive");
        amy = server.newUser("amy");
        ben = server.newUser("ben");
        outsider = server.newUser("outsider");
        room = olive.post("/api/v1/groups.create", obj("name", "workshop", "members", List.of("amy", "ben")))
                .expectOk().path("group").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void update_byTheAuthor_changesTheTextAndSetsEditedAtAndEditedBy() {
        String id = post(amy, "first draft");
        Instant editTime = clock.advance(Duration.ofSeconds(5));

        JsonNode edited = amy.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "final @ben"))
                .expectOk().path("message");

        assertThat(edited.path("msg").asText()).isEqualTo("final @ben");
        assertThat(Instant.parse(edited.path("editedAt").asText())).isEqualTo(editTime);
        assertThat(edited.path("editedBy").path("username").asText()).isEqualTo("amy");
        assertThat(edited.path("mentions")).extracting(m -> m.path("username").asText()).containsExactly("ben");
        JsonNode stored = message(ben, id);
        assertThat(stored.path("msg").asText()).isEqualTo("final @ben");
        assertThat(stored.path("editedBy").path("_id").asText()).isEqualTo(amy.userId());
    }

    @Test
    void update_byAnotherMember_is403_andLeavesTheMessageAlone() {
        String id = post(amy, "amy's words");

        JsonNode body = ben.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "ben's words"))
                .expectError(403);
        assertThat(body.path("errorType").asText()).isEqualTo("error-action-not-allowed");
        outsider.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "outsider's words")).expectError(403);

        JsonNode stored = message(amy, id);
        assertThat(stored.path("msg").asText()).isEqualTo("amy's words");
        assertThat(stored.has("editedAt")).isFalse();
    }

    @Test
    void update_byTheRoomOwnerOrAnAdmin_isAllowed() {
        String id = post(amy, "typo hre");

        olive.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "typo here")).expectOk();
        assertThat(message(amy, id).path("editedBy").path("username").asText()).isEqualTo("olive");
        server.admin().post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "typo there")).expectOk();
        assertThat(message(amy, id).path("msg").asText()).isEqualTo("typo there");
    }

    @Test
    void update_refusedRequests_changeNothing() {
        String id = post(amy, "steady");

        amy.post("/api/v1/chat.update", obj("roomId", room, "msgId", "AAAAAAAAAAAAAAAAA", "text", "x"))
                .expectErrorType("error-invalid-message");
        String elsewhere = amy.post("/api/v1/im.create", obj("username", "ben")).expectOk().path("room").path("_id").asText();
        amy.post("/api/v1/chat.update", obj("roomId", elsewhere, "msgId", id, "text", "moved"))
                .expectErrorType("error-invalid-message");
        amy.post("/api/v1/chat.update", obj("roomId", room, "msgId", id)).expectErrorType("invalid-params");
        amy.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", true)).expectErrorType("invalid-params");
        amy.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "x".repeat(5001)))
                .expectErrorType("error-message-size-exceeded");

        assertThat(message(amy, id).path("msg").asText()).isEqualTo("steady");
    }

    @Test
    void update_byAMutedAuthor_isRefused() {
        String id = post(ben, "before the mute");
        olive.post("/api/v1/rooms.muteUser", obj("roomId", room, "userId", ben.userId())).expectOk();
        try {
            ben.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "sneaking words in"))
                    .expectErrorType("error-user-muted");
            assertThat(message(olive, id).path("msg").asText()).isEqualTo("before the mute");
        } finally {
            olive.post("/api/v1/rooms.unmuteUser", obj("roomId", room, "userId", ben.userId())).expectOk();
        }
    }

    @Test
    void update_afterTheEditWindow_isBlocked() {
        String id = post(amy, "time-boxed");
        ApiClient admin = server.admin();
        admin.post("/api/v1/settings/Message_AllowEditing_BlockEditInMinutes", obj("value", 1)).expectOk();
        try {
            amy.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "in time")).expectOk();
            clock.advance(Duration.ofMinutes(2));
            amy.post("/api/v1/chat.update", obj("roomId", room, "msgId", id, "text", "too late"))
                    .expectErrorType("error-message-editing-blocked");
            assertThat(message(amy, id).path("msg").asText()).isEqualTo("in time");
        } finally {
            admin.post("/api/v1/settings/Message_AllowEditing_BlockEditInMinutes", obj("value", 0)).expectOk();
        }
    }

    @Test
    void delete_byTheAuthor_removesTheMessage() {
        String id = post(amy, "regrettable");

        JsonNode body = amy.post("/api/v1/chat.delete", obj("roomId", room, "msgId", id)).expectOk();

        assertThat(body.path("_id").asText()).isEqualTo(id);
        assertThat(body.path("message").path("rid").asText()).isEqualTo(room);
        amy.get("/api/v1/chat.getMessage?msgId=" + id).expectErrorType("error-invalid-message");
        assertThat(History.texts(amy, "groups", room)).doesNotContain("regrettable");
        amy.post("/api/v1/chat.delete", obj("roomId", room, "msgId", id)).expectErrorType("error-invalid-message");
    }

    @Test
    void delete_byAnotherMemberOrAnOutsider_is403_andKeepsTheMessage() {
        String id = post(amy, "keep me");

        ben.post("/api/v1/chat.delete", obj("roomId", room, "msgId", id)).expectError(403);
        outsider.post("/api/v1/chat.delete", obj("roomId", room, "msgId", id)).expectError(403);
        ben.post("/api/v1/chat.delete", obj("roomId", room)).expectErrorType("invalid-params");

        assertThat(message(amy, id).path("msg").asText()).isEqualTo("keep me");
        olive.post("/api/v1/chat.delete", obj("roomId", room, "msgId", id)).expectOk();
    }

    @Test
    void react_withoutShouldReact_toggles_andSmileWithOrWithoutColonsIsTheSameReaction() {
        String id = post(amy, "react to me");

        amy.post("/api/v1/chat.react", obj("messageId", id, "emoji", ":smile:")).expectOk();
        ben.post("/api/v1/chat.react", obj("messageId", id, "emoji", "smile")).expectOk();
        assertThat(usernames(id, ":smile:")).containsExactly("amy", "ben");
        assertThat(message(amy, id).path("reactions").has("smile")).isFalse();

        amy.post("/api/v1/chat.react", obj("messageId", id, "reaction", "smile")).expectOk();
        assertThat(usernames(id, ":smile:")).containsExactly("ben");
        ben.post("/api/v1/chat.react", obj("messageId", id, "emoji", ":smile:")).expectOk();
        assertThat(message(amy, id).has("reactions")).isFalse();
    }

    @Test
    void react_withShouldReact_setsOrClearsRegardlessOfTheCurrentState() {
        String id = post(amy, "explicit");

        ben.post("/api/v1/chat.react", obj("messageId", id, "emoji", "tada", "shouldReact", true)).expectOk();
        ben.post("/api/v1/chat.react", obj("messageId", id, "emoji", "tada", "shouldReact", true)).expectOk();
        assertThat(usernames(id, ":tada:")).containsExactly("ben");

        ben.post("/api/v1/chat.react", obj("messageId", id, "emoji", "tada", "shouldReact", false)).expectOk();
        ben.post("/api/v1/chat.react", obj("messageId", id, "emoji", "tada", "shouldReact", false)).expectOk();
        assertThat(message(amy, id).has("reactions")).isFalse();
    }

    @Test
    void react_refusedRequests_changeNothing() {
        String id = post(amy, "untouchable");

        outsider.post("/api/v1/chat.react", obj("messageId", id, "emoji", "smile")).expectError(403);
        ben.post("/api/v1/chat.react", obj("messageId", "AAAAAAAAAAAAAAAAA", "emoji", "smile"))
                .expectErrorType("error-invalid-message");
        ben.post("/api/v1/chat.react", obj("messageId", id)).expectErrorType("invalid-params");
        ben.post("/api/v1/chat.react", obj("messageId", id, "emoji", "smile", "shouldReact", "yes"))
                .expectErrorType("invalid-params");
        ben.post("/api/v1/chat.react", obj("messageId", id, "emoji", "a:b")).expectErrorType("error-not-allowed");

        assertThat(message(amy, id).has("reactions")).isFalse();
    }

    @Test
    void getMessage_isForThoseWhoMayReadTheRoom() {
        String id = post(amy, "members only");

        assertThat(message(ben, id).path("u").path("username").asText()).isEqualTo("amy");
        JsonNode refused = outsider.get("/api/v1/chat.getMessage?msgId=" + id).expectError(403);
        assertThat(refused.toString()).doesNotContain("members only");
        ben.get("/api/v1/chat.getMessage").expectErrorType("invalid-params");
        server.client().get("/api/v1/chat.getMessage?msgId=" + id).expectError(401);
    }

    private static String post(ApiClient author, String text) {
        return author.post("/api/v1/chat.postMessage", obj("roomId", room, "text", text)).expectOk()
                .path("message").path("_id").asText();
    }

    private static JsonNode message(ApiClient reader, String id) {
        return reader.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message");
    }

    /** Who reacted with {@code emoji}, as stored: {@code reactions[emoji].usernames}. */
    private static List<String> usernames(String messageId, String emoji) {
        List<String> names = new ArrayList<>();
        message(olive, messageId).path("reactions").path(emoji).path("usernames").forEach(n -> names.add(n.asText()));
        return names;
    }
}
