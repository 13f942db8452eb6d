package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code users.getStatus}, {@code users.setStatus}, {@code users.presence} and the status in the
 * user views (issue 13): a user is online while a DDP session of theirs is logged in, offline
 * without one; a chosen default and a status text are stored; bad input changes nothing.
 */
class PresenceApiTest {
    private static TestServer server;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static DdpClient online(String username) {
        DdpClient ddp = server.ddp().handshake();
        assertThat(ddp.loginWithPassword(username, username + "-pass").has("error")).isFalse();
        return ddp;
    }

    private static JsonNode statusOf(ApiClient viewer, String userId) {
        return viewer.get("/api/v1/users.getStatus?userId=" + userId).expectOk();
    }

    private static void awaitStatus(ApiClient viewer, String userId, String status) {
        Awaitility.await(userId + " " + status).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> statusOf(viewer, userId).path("status").asText(), status::equals);
    }

    @Test
    void aUserIsOnlineWhileALoggedInSessionIsOpen_andOfflineOnceTheLastCloses() {
        ApiClient ann = server.newUser("ann");
        assertThat(statusOf(admin, ann.userId()).path("status").asText()).isEqualTo("offline");
        assertThat(admin.get("/api/v1/users.info?userId=" + ann.userId()).expectOk().path("user").path("status").asText())
                .isEqualTo("offline");

        DdpClient first = online("ann");
        DdpClient second = online("ann");
        awaitStatus(admin, ann.userId(), "online");
        assertThat(admin.get("/api/v1/users.info?userId=" + ann.userId()).expectOk().path("user").path("status").asText())
                .isEqualTo("online");
        JsonNode own = ann.get("/api/v1/users.getStatus").expectOk();
        assertThat(own.path("_id").asText()).isEqualTo(ann.userId());
        assertThat(own.path("connectionStatus").asText()).isEqualTo("online");
        assertThat(ann.get("/api/v1/me").expectOk().path("statusConnection").asText()).isEqualTo("online");

        first.close();
        // one session is enough to be online
        assertThat(statusOf(admin, ann.userId()).path("status").asText()).isEqualTo("online");
        second.close();
        awaitStatus(admin, ann.userId(), "offline");
        assertThat(ann.get("/api/v1/me").expectOk().path("statusConnection").asText()).isEqualTo("offline");
    }

    @Test
    void setStatus_storesTheDefaultAndTheText_whichEveryViewShows() {
        ApiClient ben = server.newUser("ben");
        try (DdpClient session = online("ben")) {
            ben.post("/api/v1/users.setStatus", obj("status", "busy", "message", "  in a meeting  ")).expectOk();

            JsonNode status = statusOf(admin, ben.userId());
            assertThat(status.path("status").asText()).isEqualTo("busy");
            assertThat(status.path("message").asText()).isEqualTo("in a meeting");
            assertThat(Instant.parse(status.path("lastActivity").asText())).isBeforeOrEqualTo(Instant.now());
            JsonNode info = admin.get("/api/v1/users.info?username=ben").expectOk().path("user");
            assertThat(info.path("status").asText()).isEqualTo("busy");
            assertThat(info.path("statusText").asText()).isEqualTo("in a meeting");
            JsonNode listed = admin.get("/api/v1/directory?type=users&text=ben").expectOk().path("result").path(0);
            assertThat(listed.path("status").asText()).isEqualTo("busy");
            JsonNode spotlighted = admin.get("/api/v1/spotlight?query=@ben").expectOk().path("users").path(0);
            assertThat(spotlighted.path("status").asText()).isEqualTo("busy");

            // the text alone changes, the chosen status stays; an empty text removes it
            ben.post("/api/v1/users.setStatus", obj("message", "back at 3")).expectOk();
            assertThat(statusOf(admin, ben.userId()).path("status").asText()).isEqualTo("busy");
            ben.post("/api/v1/users.setStatus", obj("message", "")).expectOk();
            assertThat(statusOf(admin, ben.userId()).has("message")).isFalse();
        }
        // busy is a choice for while connected: with no session ben is offline, and the choice is kept in the database
        awaitStatus(admin, ben.userId(), "offline");
        assertThat(countChoices(ben.userId(), "busy")).isEqualTo(1);
        try (DdpClient again = online("ben")) {
            awaitStatus(admin, ben.userId(), "busy");
        }
    }

    private static Integer countChoices(String userId, String status) {
        try (var c = java.sql.DriverManager.getConnection(server.config().database().url(), server.config().database().user(),
                server.config().database().password());
             var s = c.prepareStatement("SELECT COUNT(*) FROM user_presence WHERE user_id = ? AND default_status = ?")) {
            s.setString(1, userId);
            s.setString(2, status);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void invisible_showsOfflineToOthers_whileTheUserSeesTheirConnection() {
        ApiClient cid = server.newUser("cid");
        try (DdpClient session = online("cid")) {
            awaitStatus(admin, cid.userId(), "online");
            cid.post("/api/v1/users.setStatus", obj("status", "offline")).expectOk();

            JsonNode seen = statusOf(admin, cid.userId());
            assertThat(seen.path("status").asText()).isEqualTo("offline");
            assertThat(seen.path("connectionStatus").asText()).as("an invisible user's connection is theirs to know").isEqualTo("offline");
            JsonNode own = cid.get("/api/v1/users.getStatus").expectOk();
            assertThat(own.path("status").asText()).isEqualTo("offline");
            assertThat(own.path("connectionStatus").asText()).isEqualTo("online");
            assertThat(admin.get("/api/v1/users.presence?ids=" + cid.userId()).expectOk().path("users").path(0)
                    .path("status").asText()).isEqualTo("offline");
            cid.post("/api/v1/users.setStatus", obj("status", "online")).expectOk();
        }
    }

    @Test
    void setStatus_withABadStatus_isRefusedWithRocketChatsError_andChangesNothing() {
        ApiClient dee = server.newUser("dee");
        dee.post("/api/v1/users.setStatus", obj("status", "away", "message", "lunch")).expectOk();

        JsonNode refused = dee.post("/api/v1/users.setStatus", obj("status", "sleeping", "message", "zzz"))
                .expectErrorType("error-invalid-status");
        assertThat(refused.path("error").asText()).contains("Valid status types include online, away, offline, and busy.");
        dee.post("/api/v1/users.setStatus", obj()).expectErrorType("invalid-params");
        dee.post("/api/v1/users.setStatus", obj("status", 3)).expectErrorType("invalid-params");
        // another user's status is not dee's to set
        dee.post("/api/v1/users.setStatus", obj("status", "busy", "userId", admin.userId())).expectError(403);

        assertThat(countChoices(dee.userId(), "away")).isEqualTo(1);
        try (DdpClient session = online("dee")) {
            awaitStatus(admin, dee.userId(), "away");
            assertThat(statusOf(admin, dee.userId()).path("message").asText()).isEqualTo("lunch");
        }
        assertThat(statusOf(admin, admin.userId()).path("status").asText()).isIn("offline", "online");
        admin.get("/api/v1/users.getStatus?userId=nobody-has-this-id").expectError(400);
    }

    @Test
    void presence_listsTheUsersAsked_orThoseChangedSince_orEveryoneOnline() {
        ApiClient eve = server.newUser("eve");
        ApiClient fay = server.newUser("fay");
        Instant before = Instant.now().minusSeconds(1);
        try (DdpClient session = online("eve")) {
            awaitStatus(admin, eve.userId(), "online");
            eve.post("/api/v1/users.setStatus", obj("message", "hi")).expectOk();

            JsonNode asked = admin.get("/api/v1/users.presence?ids=" + eve.userId() + "," + fay.userId()).expectOk();
            assertThat(asked.path("full").asBoolean()).isFalse();
            List<String> shown = new ArrayList<>();
            asked.path("users").forEach(u -> shown.add(u.path("username").asText() + ":" + u.path("status").asText()));
            assertThat(shown).containsExactly("eve:online", "fay:offline");
            JsonNode entry = asked.path("users").path(0);
            assertThat(entry.path("_id").asText()).isEqualTo(eve.userId());
            assertThat(entry.path("name").asText()).isEqualTo("EVE");
            assertThat(entry.path("utcOffset").asInt()).isZero();
            assertThat(entry.path("statusText").asText()).isEqualTo("hi");

            JsonNode all = admin.get("/api/v1/users.presence").expectOk();
            assertThat(all.path("full").asBoolean()).isTrue();
            assertThat(all.path("users").findValuesAsText("username")).contains("eve").doesNotContain("fay");

            JsonNode since = admin.get("/api/v1/users.presence?from=" + before).expectOk();
            assertThat(since.path("full").asBoolean()).isFalse();
            assertThat(since.path("users").findValuesAsText("username")).contains("eve").doesNotContain("fay");
        }
        admin.get("/api/v1/users.presence?from=yesterday").expectErrorType("invalid-params");
        server.client().get("/api/v1/users.presence").expectError(401);
    }
}
