package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mobile app's path to a user of another server, through its own calls (docs/mobile-app.md,
 * "A user of another server"): Alice, on alpha, types {@code bob@beta.test} in the new-message
 * search (spotlight through {@code method.call}), taps him (createDirectMessage: {@code im.create}),
 * opens the room and writes; Bob, on beta, reads it and answers, and the answer reaches the app's
 * open room. The servers are real, found through real DNS (dnsmasq).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MobileAppFederatedReplayTest {
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static ApiClient bob;
    private static String bobId;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        alpha.newUser("alice");
        bob = beta.newUser("bob");
        bobId = bob.userId();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void theAppFindsBobOfBeta_opensADirectMessage_andTheyTalk() {
        try (MobileApp app = new MobileApp(alpha.url())) {
            app.connect();
            app.login("alice", "alice-pass");
            for (String event : MobileApp.NOTIFY_USER_EVENTS) {
                app.subscribe("stream-notify-user", app.userId() + "/" + event, false);
            }

            // search.ts: nothing local matches, so spotlight (which asks beta for its user)
            JsonNode found = app.method("spotlight", "bob@beta.test", List.of(), obj("users", true, "rooms", true,
                    "mentions", false)).path("result");
            JsonNode remoteBob = found.path("users").path(0);
            assertThat(remoteBob.path("username").asText()).isEqualTo("bob@beta.test");
            assertThat(remoteBob.path("_id").asText()).as("his id on his own server").isEqualTo(bobId);
            assertThat(remoteBob.path("name").asText()).isEqualTo("BOB");

            // goRoom → createDirectMessage.ts: im.create with the username the search showed
            JsonNode created = app.post("im.create", obj("username", remoteBob.path("username").asText())).expectOk();
            String rid = created.path("room").path("_id").asText();
            assertThat(rid).isNotBlank();
            assertThat(created.path("room").path("t").asText()).isEqualTo("d");

            // the room list learns of it: the subscription-changed frame, and subscriptions.get
            app.ddp().await(f -> f.path("fields").path("eventName").asText().equals(app.userId() + "/subscriptions-changed")
                    && f.path("fields").path("args").path(1).path("rid").asText().equals(rid));
            JsonNode sub = null;
            for (JsonNode s : app.get("subscriptions.get").expectOk().path("update")) {
                if (s.path("rid").asText().equals(rid)) {
                    sub = s;
                }
            }
            assertThat(sub).isNotNull();
            assertThat(sub.path("t").asText()).isEqualTo("d");
            assertThat(sub.path("name").asText()).isEqualTo("bob@beta.test");

            // RoomView: the room's streams, its (empty) history, the other member's profile
            assertThat(app.subscribe("stream-room-messages", rid).path("msg").asText()).isEqualTo("ready");
            assertThat(app.get("im.history", "roomId", rid, "showThreadMessages", "false", "count", "50").expectOk()
                    .path("messages")).isEmpty();
            JsonNode member = app.get("users.info", "userId", bobId).expectOk().path("user");
            assertThat(member.path("username").asText()).isEqualTo("bob@beta.test");
            assertThat(member.path("federation").path("origin").asText()).isEqualTo("beta.test");

            app.post("chat.sendMessage", obj("message", obj("_id", "fromTheMobileApp1", "rid", rid, "msg", "hi Bob")))
                    .expectOk();

            // Bob, on beta, reads it in the same room, and answers
            Awaitility.await("alice's message on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .until(() -> bob.get("/api/v1/im.history?roomId=" + rid).body().path("messages").toString()
                            .contains("fromTheMobileApp1"));
            String answer = bob.post("/api/v1/chat.sendMessage", obj("message", obj("rid", rid, "msg", "hi Alice")))
                    .expectOk().path("message").path("_id").asText();
            JsonNode frame = app.ddp().await(f -> f.path("collection").asText().equals("stream-room-messages")
                    && f.path("fields").path("args").path(0).path("_id").asText().equals(answer));
            assertThat(frame.path("fields").path("args").path(0).path("msg").asText()).isEqualTo("hi Alice");
            assertThat(frame.path("fields").path("args").path(0).path("u").path("username").asText())
                    .isEqualTo("bob@beta.test");
        }
    }
}
