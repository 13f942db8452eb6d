package dev.fedchat.server.federation.users;

import static dev.fedchat.server.federation.users.RemoteUserImportTest.rcError;
import static dev.fedchat.server.testing.StandInPeer.user;
import static dev.fedchat.server.testing.StandInPeer.userAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.error.RcException;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.StandInPeer;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.user.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link RemoteUsers} refuses from peers (issue 4 §2): a peer speaks only for its own users.
 * {@code stand-in.test} is a scripted peer in DNS beside the real alpha and beta; each test
 * scripts the answer it needs, then checks alpha stored nothing it should not have.
 */
class RemoteUserTrustTest {
    private static final String STAND_IN = "stand-in.test";

    private static FederatedServers servers;
    private static StandInPeer standIn;
    private static TestServer alpha;
    private static TestServer beta;
    private static RemoteUsers remoteUsers;
    private static User alice;
    private static User bob;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        standIn = new StandInPeer();
        servers.publish(STAND_IN, standIn);
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        remoteUsers = alpha.server().remoteUsers();
        alpha.newUser("alice");
        beta.newUser("bob");
        alice = alpha.server().users().requireByUsername("alice");
        bob = beta.server().users().requireByUsername("bob");
    }

    @AfterAll
    static void stop() {
        servers.close();
        standIn.close();
    }

    @Test
    void importUser_asksTheUsersHomeServer_withOurDomain_andStoresItsAnswer() {
        standIn.answer("federation.users.getByUsername", 200, userAnswer("standInId0000001", "dan@stand-in.test", "Dan", STAND_IN));

        User dan = remoteUsers.importUser("dan@stand-in.test");

        assertThat(dan.id()).isEqualTo("standInId0000001");
        assertThat(dan.federationOrigin()).isEqualTo(STAND_IN);
        StandInPeer.Request asked = standIn.requests().get(standIn.requests().size() - 1);
        assertThat(asked.path()).isEqualTo("/api/v1/federation.users.getByUsername");
        assertThat(asked.query()).isEqualTo("username=dan");
        assertThat(asked.headers()).containsEntry("x-federation-domain", "alpha.test");
    }

    @Test
    void importUser_again_followsTheHomeServersNewName() {
        standIn.answer("federation.users.getByUsername", 200, userAnswer("standInId0000002", "eva@stand-in.test", "Eva Old", STAND_IN));
        User before = remoteUsers.importUser("eva@stand-in.test");
        standIn.answer("federation.users.getByUsername", 200, userAnswer("standInId0000002", "eva@stand-in.test", "Eva New", STAND_IN));

        User after = remoteUsers.importUser("eva@stand-in.test");

        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.name()).isEqualTo("Eva New");
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(alpha.server().users().byId(before.id())).contains(after);
    }

    @Test
    void aPeerAnsweringAUserOfAnotherServer_isRefused_andNothingIsStored() {
        // the stand-in tries to plant a "bob@beta.test" of its own making, with an id of its choice
        standIn.answer("federation.users.getByUsername", 200, userAnswer("plantedId0000001", "bob@beta.test", "Fake Bob", "beta.test"));
        standIn.answer("federation.users.search", 200, "{\"users\":[" + user("plantedId0000001", "bob@beta.test",
                "Fake Bob", "beta.test") + "],\"success\":true}");

        RcException imported = rcError(() -> remoteUsers.importUser("bob@stand-in.test"));
        RcException searched = rcError(() -> remoteUsers.search("bob@stand-in.test"));

        assertThat(imported.errorType()).isEqualTo("error-federation-invalid-user");
        assertThat(imported.reason()).contains("stand-in.test").contains("a user of beta.test");
        assertThat(searched.errorType()).isEqualTo("error-federation-invalid-user");
        assertThat(alpha.server().users().byId("plantedId0000001")).isEmpty();
        assertThat(alpha.server().users().byUsername("bob@beta.test").map(User::name)).as("beta's own bob at most")
                .isNotEqualTo(java.util.Optional.of("Fake Bob"));
    }

    @Test
    void aPeerAnsweringOneOfOurUsers_isRefused_andOurUserIsUntouched() {
        standIn.answer("federation.users.getByUsername", 200, userAnswer(alice.id(), "alice@alpha.test", "Evil Alice", "alpha.test"));

        RcException e = rcError(() -> remoteUsers.importUser("alice@stand-in.test"));

        assertThat(e.errorType()).isEqualTo("error-federation-invalid-user");
        assertThat(e.reason()).contains("a user of this server");
        assertThat(alpha.server().users().requireById(alice.id())).isEqualTo(alice);
    }

    @Test
    void aPeerClaimingTheIdOfOneOfOurUsers_forItsOwnUser_isAConflict() {
        standIn.answer("federation.users.getByUsername", 200, userAnswer(alice.id(), "mallory@stand-in.test", "Mallory", STAND_IN));

        assertThat(rcError(() -> remoteUsers.importUser("mallory@stand-in.test")).errorType())
                .isEqualTo("error-federation-user-conflict");
        assertThat(alpha.server().users().requireById(alice.id())).isEqualTo(alice);
        assertThat(alpha.server().users().byUsername("mallory@stand-in.test")).isEmpty();
    }

    @Test
    void malformedUsers_areRefused_withTheReason() {
        String longName = "N".repeat(256);
        String[][] cases = {
                {user("bad/id", "fay@stand-in.test", "Fay", STAND_IN), "the id"},
                {user("x".repeat(65), "fay@stand-in.test", "Fay", STAND_IN), "the id"},
                {user("fayId00000000001", "fay@stand-in.test", longName, STAND_IN), "at most 255"},
                {user("fayId00000000001", "fay@stand-in.test", "Fay\u0000", STAND_IN), "control characters"},
                {user("fayId00000000001", "fay", "Fay", STAND_IN), "not qualified"},
                {user("fayId00000000001", "fay@beta.test", "Fay", STAND_IN), "not qualified"},
                {user("fayId00000000001", "f ay@stand-in.test", "Fay", STAND_IN), "letters, digits"},
                {"{\"_id\":\"fayId00000000001\",\"username\":\"fay@stand-in.test\"}", "federation.origin"},
                {"\"fay\"", "not a JSON object"},
        };
        for (String[] c : cases) {
            standIn.answer("federation.users.getByUsername", 200, "{\"user\":" + c[0] + ",\"success\":true}");

            RcException e = rcError(() -> remoteUsers.importUser("fay@stand-in.test"));

            assertThat(e.errorType()).as(c[0]).isEqualTo("error-federation-invalid-user");
            assertThat(e.reason()).as(c[0]).contains(c[1]);
        }
        assertThat(alpha.server().users().byUsername("fay@stand-in.test")).isEmpty();
    }

    @Test
    void aPeerAnsweringAnotherUserThanAskedFor_isRefused() {
        standIn.answer("federation.users.getByUsername", 200, userAnswer("ginaId0000000001", "gina@stand-in.test", "Gina", STAND_IN));

        RcException e = rcError(() -> remoteUsers.importUser("hank@stand-in.test"));

        assertThat(e.errorType()).isEqualTo("error-federation-invalid-user");
        assertThat(e.reason()).contains("asked for hank");
        assertThat(alpha.server().users().byId("ginaId0000000001")).isEmpty();
    }

    @Test
    void aPeerWithFederationOff_isUnreachable_withItsReason() {
        standIn.answer("federation.users.getByUsername", 400, "{\"success\":false,\"error\":\"Federation not enabled\"}");

        RcException e = rcError(() -> remoteUsers.importUser("ivan@stand-in.test"));

        assertThat(e.errorType()).isEqualTo("error-federation-peer-unreachable");
        assertThat(e.reason()).contains("Federation not enabled");
    }

    @Test
    void importNormalized_fromTheUsersHomeServer_storesIt() {
        JsonNode sent = Json.read(user("joId000000000001", "jo@stand-in.test", "Jo", STAND_IN));

        User jo = remoteUsers.importNormalized(sent, STAND_IN);

        assertThat(jo.username()).isEqualTo("jo@stand-in.test");
        assertThat(alpha.server().users().byId("joId000000000001")).contains(jo);
    }

    @Test
    void importNormalized_ofOneOfOurUsers_isThatLocalUser_unchanged_whenIdAndNameMatch() {
        User found = remoteUsers.importNormalized(Json.read(user(alice.id(), "alice@alpha.test", "Renamed", "alpha.test")), STAND_IN);

        assertThat(found).isEqualTo(alice);
        assertThat(alpha.server().users().requireById(alice.id())).isEqualTo(alice);
        assertThat(rcError(() -> remoteUsers.importNormalized(
                Json.read(user("notAliceId000001", "alice@alpha.test", "Alice", "alpha.test")), STAND_IN)).errorType())
                .isEqualTo("error-federation-invalid-user");
    }

    @Test
    void importNormalized_ofAThirdServersUser_isCheckedWithItsHomeServer() {
        // the stand-in relays beta's bob, as a room_add_user event from a third server would
        JsonNode bobAsBetaSaysIt = beta.client().get("/api/v1/federation.users.getByUsername?username=bob")
                .expectOk().path("user");

        User imported = remoteUsers.importNormalized(bobAsBetaSaysIt, STAND_IN);
        RcException forged = rcError(() -> remoteUsers.importNormalized(
                Json.read(user("forgedId00000001", "bob@beta.test", "Bob", "beta.test")), STAND_IN));

        assertThat(imported.id()).isEqualTo(bob.id());
        assertThat(imported.federationOrigin()).isEqualTo("beta.test");
        assertThat(forged.errorType()).isEqualTo("error-federation-invalid-user");
        assertThat(forged.reason()).contains("beta.test says bob@beta.test has the id " + bob.id());
        assertThat(alpha.server().users().byId("forgedId00000001")).isEmpty();
    }

    @Test
    void importNormalized_ofAThirdServersUser_whoseServerCannotBeReached_isATransientFailure() {
        // nowhere.test has no DNS records: the user cannot be checked now, which says nothing
        // against the event; a 503 keeps it in the sender's queue where a 400 would set it aside
        Throwable thrown = catchThrowable(() -> remoteUsers.importNormalized(
                Json.read(user("kimId00000000001", "kim@nowhere.test", "Kim", "nowhere.test")), STAND_IN));

        assertThat(thrown).isInstanceOf(RcException.class);
        RcException e = (RcException) thrown;
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.errorType()).isEqualTo("error-federation-peer-unreachable");
        assertThat(e.reason()).contains("kim@nowhere.test").contains("nowhere.test");
        assertThat(alpha.server().users().byId("kimId00000000001")).isEmpty();
    }

    @Test
    void importNormalized_aSenderCannotBeThisServer() {
        assertThatThrownBy(() -> remoteUsers.importNormalized(Json.read(user("x1", "x@alpha.test", "X", "alpha.test")),
                "alpha.test")).isInstanceOf(IllegalArgumentException.class);
    }
}
