package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Messages carry Rocket.Chat 6's parsed {@code md} (issue 13 §1) wherever they are shown: the
 * post's answer, history and the live stream; an edit gives a new {@code md}. (The AST itself is
 * held to Rocket.Chat's parser by {@code MessageMarkdownOracleTest}.)
 */
class MessageMarkdownApiTest {
    private static TestServer server;
    private static ApiClient rita;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        rita = server.newUser("rita");
        server.newUser("sam");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aMessage_carriesItsMarkdown_inAnswersHistoryAndTheStream_andAnEditReparses() {
        String room = rita.post("/api/v1/groups.create", obj("name", "marked", "members", List.of("sam")))
                .expectOk().path("group").path("_id").asText();
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword("rita", "rita-pass");
            ddp.subscribe("stream-room-messages", room, obj("useCollection", false, "args", List.of()));
            JsonNode posted = rita.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "**ship it** @sam"))
                    .expectOk().path("message");
            JsonNode paragraph = posted.path("md").path(0);
            assertThat(paragraph.path("type").asText()).isEqualTo("PARAGRAPH");
            assertThat(paragraph.path("value").findValuesAsText("type")).contains("BOLD", "MENTION_USER");
            assertThat(paragraph.toString()).contains("\"ship it\"", "\"sam\"");

            JsonNode streamed = ddp.await(f -> f.path("fields").path("args").path(0).path("_id").asText()
                    .equals(posted.path("_id").asText()));
            assertThat(streamed.path("fields").path("args").path(0).path("md")).isEqualTo(posted.path("md"));
            JsonNode read = rita.get("/api/v1/groups.history?roomId=" + room).expectOk().path("messages").path(0);
            assertThat(read.path("md")).isEqualTo(posted.path("md"));

            JsonNode edited = rita.post("/api/v1/chat.update", obj("roomId", room, "msgId", posted.path("_id").asText(),
                    "text", "_not yet_")).expectOk().path("message");
            assertThat(edited.path("md").path(0).path("value").findValuesAsText("type")).contains("ITALIC")
                    .doesNotContain("BOLD");
        }
    }
}
