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
 * A channel with members, posting to it and its realtime stream: the path docs/benchmarks.md
 * measures. Membership rows once failed to map (the {@code user_name} column matched two
 * constructor parameters), so every test here reads memberships.
 */
class ChannelPostingTest {
    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient dora;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        dora = server.newUser("dora");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void channelsCreate_withMembers_answersTheChannelAndMembersMayPost() {
        JsonNode channel = admin.post("/api/v1/channels.create", obj("name", "posting", "members", List.of("dora")))
                .expectOk().path("channel");
        String roomId = channel.path("_id").asText();
        assertThat(roomId).isNotEmpty();
        assertThat(channel.path("name").asText()).isEqualTo("posting");

        JsonNode posted = dora.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "hello from dora")).expectOk();
        assertThat(posted.path("message").path("msg").asText()).isEqualTo("hello from dora");
        assertThat(posted.path("message").path("u").path("username").asText()).isEqualTo("dora");

        JsonNode history = admin.get("/api/v1/channels.history?roomId=" + roomId).expectOk();
        assertThat(history.path("messages").get(0).path("msg").asText()).isEqualTo("hello from dora");
    }

    @Test
    void postMessage_isStreamedToTheRoomsDdpSubscribers() {
        String roomId = admin.post("/api/v1/channels.create", obj("name", "streamed", "members", List.of("dora")))
                .expectOk().path("channel").path("_id").asText();
        try (DdpClient ddp = server.ddp().handshake()) {
            assertThat(ddp.call("login", obj("resume", dora.token())).has("error")).isFalse();
            assertThat(ddp.subscribe("stream-room-messages", roomId, false).path("msg").asText()).isEqualTo("ready");

            admin.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "to the stream")).expectOk();

            JsonNode frame = ddp.await(f -> f.path("collection").asText().equals("stream-room-messages"));
            assertThat(frame.path("fields").path("eventName").asText()).isEqualTo(roomId);
            assertThat(frame.path("fields").path("args").get(0).path("msg").asText()).isEqualTo("to the stream");
        }
    }
}
