package dev.fedchat.server.federation;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.NodeRocketChatPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a Rocket.Chat 3.x peer ({@link NodeRocketChatPeer}, Rocket.Chat's own dispatch handlers)
 * sees of a fedchat room's settings (issue 13, "Rooms"): the settings the genesis carries when its
 * server joins, as a Rocket.Chat room carries them, and no later change: it never receives fedchat's
 * {@code room_update}, which would fail its batch, and the room's next events name no parent it
 * lacks. Its user's post into a read-only room is refused in words.
 */
class RocketChatPeerRoomSettingsTest {
    private static final String RC = "rc.test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static FederatedServers servers;
    private static NodeRocketChatPeer rocketChat;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test");
        rocketChat = NodeRocketChatPeer.start(RC, servers.dns());
        servers.publish(RC, rocketChat.port(), rocketChat.publicKeyPem());
    }

    @AfterAll
    static void stop() {
        if (rocketChat != null) {
            rocketChat.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aRocketChatPeer_getsTheSettingsInTheGenesis_neverARoomUpdate_andItsPostIntoAReadOnlyRoomIsRefused() {
        ApiClient alice = servers.server("alpha.test").newUser("alice");
        String roomId = alice.post("/api/v1/groups.create", obj("name", "with-rc")).expectOk().path("group").path("_id").asText();
        alice.post("/api/v1/rooms.saveRoomSettings", obj("rid", roomId, "roomTopic", "before rc joined",
                "roomAnnouncement", "welcome", "readOnly", true)).expectOk();

        alice.post("/api/v1/groups.invite", obj("roomId", roomId, "username", "carol@" + RC)).expectOk();
        JsonNode room = Awaitility.await("the room on Rocket.Chat").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> byId(rocketChat.state().path("rooms"), roomId), r -> r != null);
        assertThat(room.path("topic").asText()).isEqualTo("before rc joined");
        assertThat(room.path("announcement").asText()).isEqualTo("welcome");
        assertThat(room.path("ro").asBoolean()).isTrue();

        alice.post("/api/v1/groups.setTopic", obj("roomId", roomId, "topic", "after rc joined")).expectOk();
        String later = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "news")).expectOk()
                .path("message").path("_id").asText();
        Awaitility.await("the message on Rocket.Chat").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> byId(rocketChat.state().path("messages"), later) != null);

        List<String> types = new ArrayList<>();
        for (JsonNode dispatch : rocketChat.received()) {
            dispatch.path("body").path("events").forEach(e -> types.add(e.path("type").asText()));
            assertThat(dispatch.path("results")).allSatisfy(r -> assertThat(r.path("success").asBoolean())
                    .as("Rocket.Chat's handler result %s", r).isTrue());
        }
        assertThat(types).contains("genesis", "room_message").doesNotContain("room_update");
        assertThat(byId(rocketChat.state().path("rooms"), roomId).path("topic").asText())
                .as("a later change stays unknown to it").isEqualTo("before rc joined");

        JsonNode sent = rocketChat.sendMessage(roomId, "may I?");
        JsonNode answer = null;
        for (JsonNode d : sent.path("deliveries")) {
            if (d.path("domain").asText().equals("alpha.test")) {
                answer = d;
            }
        }
        assertThat(answer).as("alpha's answer in %s", sent).isNotNull();
        assertThat(answer.path("status").asInt()).isEqualTo(400);
        assertThat(answer.path("body").path("error").asText()).contains("is read only");
        assertThat(byId(alice.get("/api/v1/groups.history?roomId=" + roomId).expectOk().path("messages"),
                sent.path("messageId").asText())).isNull();
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.path("_id").asText().equals(id)) {
                return item;
            }
        }
        return null;
    }
}
