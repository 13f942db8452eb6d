package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hole in a room's graph is filled (federation-protocol.md §7.5): an event beta never got
 * (lost from alpha's outbox here, as a crash of an older server could lose it) is asked for as
 * soon as a later event names it as a parent, and arrives.
 */
class EventGapsTest {
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
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> servers.server("beta.test").server().rooms().byId(roomId).isPresent());
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    private boolean bobSees(String messageId) {
        return bob.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages").toString().contains(messageId);
    }

    @Test
    void aLostEventIsAskedForWhenALaterOneNamesItAsParent() {
        TestServer beta = servers.server("beta.test");
        beta.stop();
        String lost = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "this one gets lost"))
                .expectOk().path("message").path("_id").asText();
        DatabaseConfig alphaDb = servers.server("alpha.test").config().database();
        Jdbi.create(alphaDb.url(), alphaDb.user(), alphaDb.password())
                .useHandle(h -> h.execute("DELETE FROM federation_outbox WHERE domain = 'beta.test'"));
        beta.restart();
        bob = beta.client().login("bob", "bob-pass");

        String later = alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "this one names it as parent"))
                .expectOk().path("message").path("_id").asText();
        servers.server("alpha.test").admin().post("/api/v1/federation.deliveries.retry", obj("domain", "beta.test")).expectOk();

        Awaitility.await("the later message").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> bobSees(later));
        Awaitility.await("the lost one, asked for and sent again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> bobSees(lost));
    }
}
