package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.post;
import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Notifications;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mentions are read from a message's text by the one write path local and peers' changes share
 * (issue 13 §0): an edit that adds {@code @alice} counts and notifies her whether it was made here
 * or on the author's server (a peer's edit once kept the old mentions), and a mention already
 * there is not counted twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedMentionsTest {

    private static FederatedServers servers;
    private static TestServer alpha;
    private static ApiClient alice;
    private static ApiClient carol;
    private static ApiClient bob;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        alice = alpha.newUser("alice");
        carol = alpha.newUser("carol");
        bob = servers.server("beta.test").newUser("bob");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void aPeersEditThatAddsAMention_countsAndNotifiesTheMentionedUser() {
        String roomId = Groups.create(alice, "peer-edits", "bob@beta.test");
        await("bob subscribed", () -> subscribed(bob, roomId));
        try (DdpClient aliceLive = Notifications.listen(alpha, "alice", alice.userId())) {
            String id = post(bob, roomId, "the report is ready");
            await("the message on alpha", () -> Groups.messageIds(alice, roomId).contains(id));
            assertThat(mentionsOf(alice, roomId)).isZero();

            bob.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", id, "text", "the report is ready @alice@alpha.test"))
                    .expectOk();

            JsonNode note = aliceLive.await(f -> Notifications.isOf(f, alice.userId(), id));
            assertThat(note.path("fields").path("args").path(0).path("text").asText())
                    .isEqualTo("the report is ready @alice");
            assertThat(mentionsOf(alice, roomId)).isEqualTo(1);
            JsonNode message = alice.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message");
            assertThat(message.path("mentions").findValues("_id")).extracting(JsonNode::asText).containsExactly(alice.userId());
        }
    }

    @Test
    void aLocalEditThatAddsAMention_notifies_andAMentionAlreadyThereIsNotCountedAgain() {
        String roomId = Groups.create(carol, "local-edits", "alice");
        try (DdpClient aliceLive = Notifications.listen(alpha, "alice", alice.userId())) {
            String id = post(carol, roomId, "lunch?");
            carol.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", id, "text", "lunch, @alice?")).expectOk();
            aliceLive.await(f -> Notifications.isOf(f, alice.userId(), id));
            assertThat(mentionsOf(alice, roomId)).isEqualTo(1);

            carol.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", id, "text", "lunch at noon, @alice?")).expectOk();
            // a later post's notification arrives after any the second edit could have caused
            String marker = post(carol, roomId, "marker @alice");
            aliceLive.await(f -> Notifications.isOf(f, alice.userId(), marker));
            assertThat(aliceLive.received().stream().filter(f -> Notifications.isOf(f, alice.userId(), id))).hasSize(1);
            assertThat(mentionsOf(alice, roomId)).isEqualTo(2);
        }
    }


    private static int mentionsOf(ApiClient user, String roomId) {
        return Groups.subscription(user, roomId).path("userMentions").asInt();
    }
}
