package dev.fedchat.server.api.realtime;

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
import org.junit.jupiter.api.Timeout;

/** Losing a room ends its streams at once: a kicked member stops receiving the room's messages. */
@Timeout(30)
class KickedStreamsTest {
    private static TestServer server;
    private static ApiClient owner;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.newUser("owner");
        server.newUser("kicked");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void kickedMember_getsNosub_andNoLaterMessageOfTheRoom() {
        String group = owner.post("/api/v1/groups.create", obj("name", "closing-group", "members", List.of("kicked")))
                .expectOk().path("group").path("_id").asText();
        String lobby = owner.post("/api/v1/channels.create", obj("name", "open-lobby", "members", List.of("kicked")))
                .expectOk().path("channel").path("_id").asText();
        try (DdpClient ddp = Frames.loggedIn(server, "kicked")) {
            JsonNode roomSub = ddp.subscribe("stream-room-messages", group, false);
            JsonNode deleteSub = ddp.subscribe("stream-notify-room", group + "/deleteMessage", false);
            ddp.subscribe("stream-room-messages", lobby, false);
            String roomSubId = roomSub.path("subs").path(0).asText();
            String deleteSubId = deleteSub.path("subs").path(0).asText();

            owner.post("/api/v1/groups.kick", obj("roomId", group, "username", "kicked")).expectOk();

            for (String id : List.of(roomSubId, deleteSubId)) {
                JsonNode nosub = ddp.await(f -> f.path("msg").asText().equals("nosub") && f.path("id").asText().equals(id));
                assertThat(nosub.path("error").path("error").asText()).isEqualTo("not-allowed");
            }
            owner.post("/api/v1/chat.postMessage", obj("roomId", group, "text", "said after the kick")).expectOk();
            owner.post("/api/v1/chat.postMessage", obj("roomId", lobby, "text", "marker")).expectOk();
            // frames reach a session in commit order: once the marker is here, the earlier post would be too
            ddp.await(Frames.event("stream-room-messages", lobby).and(f -> Frames.firstArg(f).path("msg").asText().equals("marker")));
            assertThat(ddp.received()).noneMatch(f -> f.toString().contains("said after the kick"));
        }
    }
}
