package dev.fedchat.server.federation.users;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Multipart;
import dev.fedchat.server.testing.Pngs;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.awt.Color;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accounts across two real servers: a user deactivated on alpha shows as inactive on beta; a
 * user other servers know cannot be renamed or deleted; beta never edits alpha's users.
 */
class RemoteAccountFederationTest {
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static ApiClient alphaAdmin;
    private static ApiClient betaAdmin;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        alphaAdmin = alpha.admin();
        betaAdmin = beta.admin();
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void aUserDeactivatedOnAlpha_showsAsInactiveOnBeta() {
        ApiClient dan = alpha.newUser("dan");
        ApiClient bob = beta.newUser("bob-d");
        directory(bob, "dan@alpha.test");
        beta.server().remoteUsers().importUser("dan@alpha.test");
        // his presence is alpha's to tell (offline until it does); whether he is active is his account's
        assertThat(bob.get("/api/v1/users.info?username=dan@alpha.test").expectOk().path("user").path("active").asBoolean())
                .isTrue();

        alphaAdmin.post("/api/v1/users.setActiveStatus", obj("userId", dan.userId(), "activeStatus", false)).expectOk();

        JsonNode listed = directory(bob, "dan@alpha.test");
        assertThat(listed.path("status").asText()).isEqualTo("offline");
        JsonNode info = bob.get("/api/v1/users.info?username=dan@alpha.test").expectOk().path("user");
        assertThat(info.path("active").asBoolean(true)).as("beta's copy, refreshed by the search").isFalse();
        assertThat(beta.server().remoteUsers().importUser("dan@alpha.test").active()).isFalse();
    }

    @Test
    void aUserInARoomSharedWithAnotherServer_cannotBeRenamedOrDeleted() {
        ApiClient erin = alpha.newUser("erin");
        beta.newUser("finn");
        servers.openDirect(erin, "finn@beta.test");
        // the snapshot once the room's events were delivered: the outbox empties on its own
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> StateSnapshot.of(alpha).count("federation_outbox") == 0);
        StateSnapshot before = StateSnapshot.of(alpha);

        erin.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("username", "erin2"))).expectErrorType("error-not-allowed");
        alphaAdmin.post("/api/v1/users.update", obj("userId", erin.userId(), "data", obj("username", "erin3")))
                .expectErrorType("error-not-allowed");
        alphaAdmin.post("/api/v1/users.delete", obj("userId", erin.userId())).expectErrorType("error-not-allowed");

        StateSnapshot.of(alpha).assertUnchangedSince(before);
        erin.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("name", "Erin E"))).expectOk();
    }

    @Test
    void betaNeverEditsAlphasUsers() {
        ApiClient gina = alpha.newUser("gina");
        beta.server().remoteUsers().importUser("gina@alpha.test");
        String id = beta.server().users().requireByUsername("gina@alpha.test").id();
        StateSnapshot before = StateSnapshot.of(beta);

        betaAdmin.post("/api/v1/users.update", obj("userId", id, "data", obj("name", "Not Gina"))).expectErrorType("error-not-allowed");
        betaAdmin.post("/api/v1/users.setActiveStatus", obj("userId", id, "activeStatus", false)).expectErrorType("error-not-allowed");
        betaAdmin.send(new Multipart().field("userId", id).file("image", "x.png", "image/png",
                Pngs.image(16, 16, Color.RED, Color.RED, "png")).applyTo(betaAdmin.request("/api/v1/users.setAvatar")))
                .expectErrorType("error-not-allowed");

        StateSnapshot.of(beta).assertUnchangedSince(before);
        assertThat(gina.get("/api/v1/me").expectOk().path("name").asText()).isEqualTo("GINA");
    }

    private static JsonNode directory(ApiClient client, String text) {
        JsonNode result = client.get("/api/v1/directory?type=users&workspace=all&text=" + text).expectOk().path("result");
        for (JsonNode user : result) {
            if (user.path("username").asText().equals(text)) {
                return user;
            }
        }
        throw new AssertionError(text + " is not in the directory: " + result);
    }
}
