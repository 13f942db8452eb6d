package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.message.MessageService;
import dev.fedchat.server.room.Room;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.user.User;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two fedchat servers found through real DNS hold a direct conversation: alice on alpha opens a
 * DM with {@code bob@beta.test}, both write, each side sees the other's messages with the same ids,
 * qualified names and live over DDP.
 */
class FederatedDirectMessageTest {
    private static FederatedServers servers;
    private static ApiClient alice;
    private static ApiClient bob;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alice = servers.server("alpha.test").newUser("alice");
        bob = servers.server("beta.test").newUser("bob");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static JsonNode awaitMessage(ApiClient client, String roomId, String messageId) {
        return Awaitility.await("message " + messageId).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonNode history = client.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages");
                    for (JsonNode m : history) {
                        if (m.path("_id").asText().equals(messageId)) {
                            return m;
                        }
                    }
                    return null;
                }, m -> m != null);
    }

    @Test
    void aDirectConversationAcrossTwoServers() {
        JsonNode room = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room");
        String roomId = room.path("_id").asText();
        // both servers name the DM by its members' ids, sorted and joined: the ids are shared
        assertThat(roomId).isEqualTo(alice.userId().compareTo(bob.userId()) < 0
                ? alice.userId() + bob.userId() : bob.userId() + alice.userId());

        // bob's server learns the room and his subscription to it
        Awaitility.await("bob subscribed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                Groups.subscribed(bob, roomId));

        try (DdpClient live = servers.server("beta.test").ddp().handshake()) {
            live.loginWithPassword("bob", "bob-pass");
            assertThat(live.subscribe("stream-room-messages", roomId, false).path("msg").asText()).isEqualTo("ready");

            String sent = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "hello bob, from alpha"))
                    .expectOk().path("message").path("_id").asText();

            JsonNode onBeta = awaitMessage(bob, roomId, sent);
            assertThat(onBeta.path("msg").asText()).isEqualTo("hello bob, from alpha");
            assertThat(onBeta.path("u").path("username").asText()).isEqualTo("alice@alpha.test");
            JsonNode frame = live.await(f -> f.path("msg").asText().equals("changed")
                    && f.path("fields").path("args").path(0).path("_id").asText().equals(sent));
            assertThat(frame.path("fields").path("args").path(0).path("msg").asText()).isEqualTo("hello bob, from alpha");
        }

        String reply = bob.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "hi alice, beta here"))
                .expectOk().path("message").path("_id").asText();
        JsonNode onAlpha = awaitMessage(alice, roomId, reply);
        assertThat(onAlpha.path("u").path("username").asText()).isEqualTo("bob@beta.test");
        assertThat(onAlpha.path("msg").asText()).isEqualTo("hi alice, beta here");
    }

    @Test
    void aDmOpenedThroughTheServices_isFederatedAsReturned_andItsFirstPostTravels() {
        // the demo (and any in-process caller) posts with the room openDirect returns: it must carry the federation
        // the DM got in its transaction, or the post is taken for a local one and never sent
        FedchatServer alpha = servers.server("alpha.test").server();
        User carol = alpha.users().requireById(servers.server("alpha.test").newUser("carol").userId());
        Room dm = alpha.rooms().openDirect(carol, List.of("bob@beta.test"), false);
        assertThat(dm.isFederated()).isTrue();
        String id = alpha.messages().post(carol, dm, MessageService.Draft.text("posted in-process")).id();

        // bob may read the DM's history only once beta has applied the genesis batch that makes him a member
        Awaitility.await("bob subscribed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Groups.subscribed(bob, dm.id()));
        assertThat(awaitMessage(bob, dm.id(), id).path("msg").asText()).isEqualTo("posted in-process");
    }

    @Test
    void editsDeletionsAndReactionsTravelBothWays() {
        String roomId = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room").path("_id").asText();
        String fromAlice = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "first draft"))
                .expectOk().path("message").path("_id").asText();
        awaitMessage(bob, roomId, fromAlice);

        alice.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", fromAlice, "text", "final text")).expectOk();
        Awaitility.await("edit on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> awaitMessage(bob, roomId, fromAlice).path("msg").asText().equals("final text"));

        // bob reacts on beta; alpha shows the reaction under bob's qualified name
        bob.post("/api/v1/chat.react", obj("messageId", fromAlice, "emoji", "smile", "shouldReact", true)).expectOk();
        Awaitility.await("reaction on alpha").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> awaitMessage(alice, roomId, fromAlice).path("reactions").path(":smile:").path("usernames").toString()
                        .equals("[\"bob@beta.test\"]"));
        bob.post("/api/v1/chat.react", obj("messageId", fromAlice, "emoji", "smile", "shouldReact", false)).expectOk();
        Awaitility.await("reaction removed on alpha").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> awaitMessage(alice, roomId, fromAlice).path("reactions").path(":smile:").isMissingNode());

        alice.post("/api/v1/chat.delete", obj("roomId", roomId, "msgId", fromAlice)).expectOk();
        Awaitility.await("deleted on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> !bob.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages").toString().contains(fromAlice));
    }

    @Test
    void aModeratorCannotEditOrDeleteAnotherServersMessageEverywhere() {
        String roomId = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room").path("_id").asText();
        String fromBob = bob.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "bob's words"))
                .expectOk().path("message").path("_id").asText();
        awaitMessage(alice, roomId, fromBob);

        // alpha's admin removes bob's message on alpha only: beta accepts deletions from bob's server alone
        servers.server("alpha.test").admin().post("/api/v1/chat.delete", obj("roomId", roomId, "msgId", fromBob)).expectOk();
        String marker = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "after the deletion"))
                .expectOk().path("message").path("_id").asText();
        awaitMessage(bob, roomId, marker);
        assertThat(bob.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages").toString()).contains(fromBob);
    }

    @Test
    void mentionsAreQualifiedAsWholeNamesAndThreadsKeepTheirParent() {
        String roomId = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room").path("_id").asText();
        String parent = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "thread start"))
                .expectOk().path("message").path("_id").asText();
        String mention = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "tmid", parent,
                "text", "@bob@beta.test see this, @alice wrote it (not @alice2 or alice@example.org)"))
                .expectOk().path("message").path("_id").asText();

        JsonNode onBeta = awaitMessage(bob, roomId, mention);
        // bob is beta's own user: his name comes home bare; alice's is qualified as whole words only
        assertThat(onBeta.path("msg").asText())
                .isEqualTo("@bob see this, @alice@alpha.test wrote it (not @alice2 or alice@example.org)");
        assertThat(onBeta.path("tmid").asText()).isEqualTo(parent);
        assertThat(onBeta.path("mentions").toString()).contains("\"username\":\"bob\"");
    }

    @Test
    void theRemoteUserCannotLogInHere() {
        alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk();
        servers.server("alpha.test").client().post("/api/v1/login", obj("user", "bob@beta.test", "password", "bob-pass"))
                .expectError(401);
    }
}
