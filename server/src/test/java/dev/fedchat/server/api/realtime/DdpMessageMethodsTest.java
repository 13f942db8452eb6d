package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.callError;
import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.api.realtime.Frames.ejsonDate;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.api.json.ApiJson;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The message methods older bots and the Java client call over DDP (client-api.md §3.2):
 * {@code sendMessage}, {@code updateMessage}, {@code deleteMessage}, {@code setReaction},
 * {@code loadHistory}. Each result is checked, and so is the state REST shows afterwards.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DdpMessageMethodsTest {
    private static TestServer server;
    private static ApiClient rest;
    private static ApiClient admin;
    private static String channelId;
    private static String privateGroupId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        rest = server.newUser("rita");
        server.newUser("sam");
        admin = server.admin();
        channelId = admin.post("/api/v1/channels.create", obj("name", "methods-room", "members", List.of("rita", "sam")))
                .expectOk().path("channel").path("_id").asText();
        privateGroupId = admin.post("/api/v1/groups.create", obj("name", "admins-only"))
                .expectOk().path("group").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sendMessage_answersTheSavedMessage_andHistoryShowsIt() {
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            JsonNode m = callOk(ddp, "sendMessage", obj("rid", channelId, "msg", "hello over ddp"));
            assertThat(m.path("_id").asText()).hasSize(17);
            assertThat(m.path("rid").asText()).isEqualTo(channelId);
            assertThat(m.path("msg").asText()).isEqualTo("hello over ddp");
            assertThat(m.path("u").path("username").asText()).isEqualTo("rita");
            long ts = ejsonDate(m.path("ts"));
            ejsonDate(m.path("_updatedAt"));

            JsonNode stored = message(m.path("_id").asText());
            assertThat(stored.path("msg").asText()).isEqualTo("hello over ddp");
            assertThat(stored.path("ts").asText()).isEqualTo(ApiJson.iso(ts)); // the same instant REST shows
            assertThat(history(channelId)).contains(m.path("_id").asText());
        }
    }

    @Test
    void sendMessage_withTheClientsId_isIdempotent() {
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            String id = "ClientChosenId001";
            JsonNode first = callOk(ddp, "sendMessage", obj("_id", id, "rid", channelId, "msg", "sent twice"));
            JsonNode again = callOk(ddp, "sendMessage", obj("_id", id, "rid", channelId, "msg", "sent twice"));
            assertThat(first.path("_id").asText()).isEqualTo(id);
            assertThat(again.path("_id").asText()).isEqualTo(id);
            assertThat(history(channelId).stream().filter(id::equals)).hasSize(1);
        }
    }

    @Test
    void sendMessage_toARoomTheUserIsNotIn_failsAndPostsNothing() {
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            JsonNode error = callError(ddp, "sendMessage", obj("rid", privateGroupId, "msg", "let me in"));
            assertThat(error.path("error").asText()).isEqualTo("error-not-allowed");
            assertThat(callError(ddp, "sendMessage", obj("rid", "NoSuchRoom0000000", "msg", "x")).path("error").asText())
                    .isEqualTo("error-invalid-room");
            assertThat(callError(ddp, "sendMessage", obj("rid", channelId, "msg", "")).path("error").asText())
                    .isEqualTo("invalid-params");
            assertThat(callError(ddp, "sendMessage").path("error").asText()).isEqualTo("error-invalid-params");
        }
        assertThat(admin.get("/api/v1/groups.history?roomId=" + privateGroupId).expectOk().path("messages").size()).isZero();
    }

    @Test
    void updateMessage_changesTheText_andMarksItEdited() {
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            String id = callOk(ddp, "sendMessage", obj("rid", channelId, "msg", "tpyo")).path("_id").asText();
            JsonNode edited = callOk(ddp, "updateMessage", obj("_id", id, "rid", channelId, "msg", "typo"));
            assertThat(edited.path("_id").asText()).isEqualTo(id);
            assertThat(edited.path("msg").asText()).isEqualTo("typo");
            ejsonDate(edited.path("editedAt"));

            JsonNode stored = message(id);
            assertThat(stored.path("msg").asText()).isEqualTo("typo");
            assertThat(stored.path("editedBy").path("username").asText()).isEqualTo("rita");
        }
    }

    @Test
    void updateMessage_ofSomeoneElse_isRefused_andTheTextStays() {
        String id = sendAs("sam", "sam's words");
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            JsonNode error = callError(ddp, "updateMessage", obj("_id", id, "rid", channelId, "msg", "rita's words"));
            assertThat(error.path("error").asText()).isEqualTo("error-action-not-allowed");
        }
        assertThat(message(id).path("msg").asText()).isEqualTo("sam's words");
        assertThat(message(id).has("editedAt")).isFalse();
    }

    @Test
    void deleteMessage_removesIt() {
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            String id = callOk(ddp, "sendMessage", obj("rid", channelId, "msg", "regrettable")).path("_id").asText();
            JsonNode result = callOk(ddp, "deleteMessage", obj("_id", id));
            assertThat(result.path("_id").asText()).isEqualTo(id);
            rest.get("/api/v1/chat.getMessage?msgId=" + id).expectErrorType("error-invalid-message");
            assertThat(history(channelId)).doesNotContain(id);

            assertThat(callError(ddp, "deleteMessage", obj("_id", id)).path("error").asText()).isEqualTo("error-invalid-message");
        }
    }

    @Test
    void deleteMessage_ofSomeoneElse_isRefused_andTheMessageStays() {
        String id = sendAs("sam", "keep me");
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            assertThat(callError(ddp, "deleteMessage", obj("_id", id)).path("error").asText()).isEqualTo("error-action-not-allowed");
        }
        assertThat(message(id).path("msg").asText()).isEqualTo("keep me");
    }

    @Test
    void setReaction_addsThenRemovesTheCallersReaction() {
        String id = sendAs("sam", "react to me");
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            callOk(ddp, "setReaction", ":tada:", id);
            assertThat(message(id).path("reactions").path(":tada:").path("usernames").toString()).isEqualTo("[\"rita\"]");

            callOk(ddp, "setReaction", "tada", id, true); // already there: unchanged
            assertThat(message(id).path("reactions").path(":tada:").path("usernames").toString()).isEqualTo("[\"rita\"]");

            callOk(ddp, "setReaction", ":tada:", id, false);
            assertThat(message(id).has("reactions")).isFalse();

            assertThat(callError(ddp, "setReaction", ":tada:", "NoSuchMessage0000").path("error").asText())
                    .isEqualTo("error-invalid-message");
        }
    }

    @Test
    void loadHistory_answersNewestFirst_beforeTheGivenEnd() {
        String roomId = admin.post("/api/v1/channels.create", obj("name", "history-room", "members", List.of("rita")))
                .expectOk().path("channel").path("_id").asText();
        try (DdpClient ddp = Frames.loggedIn(server, "rita")) {
            List<JsonNode> sent = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                sent.add(callOk(ddp, "sendMessage", obj("rid", roomId, "msg", "line " + i)));
            }
            JsonNode all = callOk(ddp, "loadHistory", roomId, null, 50, obj("$date", 0));
            assertThat(texts(all.path("messages"), "msg")).containsExactly("line 4", "line 3", "line 2", "line 1");
            ejsonDate(all.path("messages").path(0).path("ts"));

            JsonNode page = callOk(ddp, "loadHistory", roomId, sent.get(2).path("ts"), 1, null);
            assertThat(texts(page.path("messages"), "msg")).containsExactly("line 2");
        }
        try (DdpClient outsider = Frames.loggedIn(server, "sam")) {
            assertThat(callError(outsider, "loadHistory", privateGroupId, null, 10, null).path("error").asText())
                    .isEqualTo("error-not-allowed");
        }
    }

    private static String sendAs(String username, String text) {
        try (DdpClient ddp = Frames.loggedIn(server, username)) {
            return callOk(ddp, "sendMessage", obj("rid", channelId, "msg", text)).path("_id").asText();
        }
    }

    private static JsonNode message(String id) {
        return rest.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message");
    }

    private static List<String> history(String roomId) {
        return texts(rest.get("/api/v1/channels.history?count=1000&roomId=" + roomId).expectOk().path("messages"), "_id");
    }

    /** The top-level {@code field} of each message in {@code messages}. */
    private static List<String> texts(JsonNode messages, String field) {
        List<String> out = new ArrayList<>();
        messages.forEach(m -> out.add(m.path(field).asText()));
        return out;
    }
}
