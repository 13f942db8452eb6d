package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries survive the failures Rocket.Chat lost messages to: the receiving server down while
 * 200 messages are written, and the sending server restarted with its queue full. Everything
 * arrives, once, in the order it was written.
 */
class PeerOutageTest {
    private static final int MESSAGES = 200;
    private FederatedServers servers;
    private ApiClient alice;
    private ApiClient bob;
    private String roomId;

    @BeforeEach
    void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alice = servers.server("alpha.test").newUser("alice");
        bob = servers.server("beta.test").newUser("bob");
        roomId = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room").path("_id").asText();
        Awaitility.await("the DM on beta").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> servers.server("beta.test").server().rooms().byId(roomId).isPresent());
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    private List<String> post(ApiClient client, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            ids.add(client.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", prefix + " " + i))
                    .expectOk().path("message").path("_id").asText());
        }
        return ids;
    }

    private List<String> historyIds(ApiClient client) {
        JsonNode messages = client.get("/api/v1/im.history?roomId=" + roomId + "&count=1000").expectOk().path("messages");
        List<String> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(0, m.path("_id").asText())); // history is newest first
        return ids;
    }

    @Test
    void aPeerDownWhileMessagesAreWrittenGetsThemAllOnceInOrderWhenItIsBack() {
        TestServer beta = servers.server("beta.test");
        beta.stop();

        List<String> sent = post(alice, "while beta is down");
        Awaitility.await("alpha notices beta is down").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> servers.server("alpha.test").server().deliveries().peers().stream()
                        .anyMatch(p -> p.domain().equals("beta.test") && p.failures() > 0));

        beta.restart();
        // beta's first word to alpha proves it is back, and wakes alpha's queue at once
        bob = beta.client().login("bob", "bob-pass");
        bob.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "I'm back")).expectOk();

        Awaitility.await("all 200 on beta").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> historyIds(bob).containsAll(sent));
        List<String> onBeta = historyIds(bob).stream().filter(sent::contains).toList();
        assertThat(onBeta).as("once each, in the order written").containsExactlyElementsOf(sent);
    }

    @Test
    void theSenderRestartedWithAFullQueueLosesNothing() {
        TestServer beta = servers.server("beta.test");
        beta.stop();
        List<String> sent = post(alice, "queued before alpha restarts");

        TestServer alpha = servers.server("alpha.test");
        alpha.stop();
        alpha.restart();
        beta.restart();
        // an admin's "retry now" instead of waiting out the backoff
        alpha.admin().post("/api/v1/federation.deliveries.retry", obj("domain", "beta.test")).expectOk();

        bob = beta.client().login("bob", "bob-pass");
        Awaitility.await("all 200 on beta").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> historyIds(bob).containsAll(sent));
        assertThat(historyIds(bob).stream().filter(sent::contains).toList()).containsExactlyElementsOf(sent);
    }
}
