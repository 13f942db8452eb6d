package dev.fedchat.server.api.peer;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.user.RemoteProfile;
import dev.fedchat.server.user.User;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code federation.users.search} and {@code federation.users.getByUsername} as a peer calls them
 * (federation-protocol.md §6): exact matches only, local users only, Rocket.Chat's normalised
 * shape with a pseudo e-mail and never the real one, nothing written.
 */
class PeerUserRoutesTest {
    private static final String REAL_EMAIL = "robert.real@beta.test";

    private static FederatedServers servers;
    private static TestServer beta;
    private static String bobId;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("beta.test");
        beta = servers.server("beta.test");
        bobId = beta.client().post("/api/v1/users.register", obj("username", "bob", "email", REAL_EMAIL,
                "pass", "bob-pass", "name", "Bob Builder")).expectOk().path("user").path("_id").asText();
        beta.admin().post("/api/v1/users.create", obj("username", "dormant", "email", "dormant@beta.test",
                "password", "p", "name", "Dormant", "active", false)).expectOk();
        beta.server().users().saveRemote(new RemoteProfile("carolCarolCarol01", "carol@gamma.test", "Carol", "gamma.test", 0));
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void search_byUsernameIgnoringCase_answersTheNormalisedUser_withAPseudoEmail() {
        JsonNode body = search("BOB").expectOk();

        assertThat(body.path("users")).hasSize(1);
        JsonNode bob = body.path("users").get(0);
        assertThat(bob.path("_id").asText()).isEqualTo(bobId);
        assertThat(bob.path("username").asText()).isEqualTo("bob@beta.test");
        assertThat(bob.path("type").asText()).isEqualTo("user");
        assertThat(bob.path("name").asText()).isEqualTo("Bob Builder");
        assertThat(bob.path("emails").get(0).path("address").asText()).isEqualTo(bobId + "@beta.test");
        assertThat(bob.path("emails").get(0).path("verified").asBoolean(true)).isFalse();
        assertThat(bob.path("active").asBoolean()).isTrue();
        assertThat(bob.path("roles").toString()).isEqualTo("[\"user\"]");
        assertThat(bob.path("status").asText()).isEqualTo("online");
        assertThat(bob.path("federation").path("origin").asText()).isEqualTo("beta.test");
        assertThat(bob.path("federation").path("originalInfo").path("email").asText()).isEqualTo(bobId + "@beta.test");
        assertThat(bob.path("isRemote").asBoolean(true)).isFalse();
        assertThat(bob.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(bob.path("_updatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(body.toString()).doesNotContain(REAL_EMAIL).doesNotContain("$2a$");
    }

    @Test
    void search_byExactDisplayName_findsTheUser() {
        JsonNode users = search("Bob Builder").expectOk().path("users");

        assertThat(users).hasSize(1);
        assertThat(users.get(0).path("username").asText()).isEqualTo("bob@beta.test");
    }

    @Test
    void search_byRealEmail_orPartOfAName_findsNobody() {
        // Rocket.Chat matched emails.address == "<username>@<domain>": a stranger could test addresses
        assertThat(search("robert.real").expectOk().path("users")).isEmpty();
        assertThat(beta.client().get("/api/v1/federation.users.search?username=" + enc(REAL_EMAIL) + "&domain=beta.test")
                .expectOk().path("users")).isEmpty();
        assertThat(search("Bob Build").expectOk().path("users")).isEmpty();
        assertThat(search("bo").expectOk().path("users")).isEmpty();
        assertThat(search("bob builder").expectOk().path("users")).as("display names match exactly").isEmpty();
    }

    @Test
    void search_andGetByUsername_showADeactivatedUserAsInactive() {
        JsonNode found = search("dormant").expectOk().path("users");
        JsonNode got = beta.client().get("/api/v1/federation.users.getByUsername?username=dormant").expectOk().path("user");

        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("active").asBoolean(true)).isFalse();
        assertThat(found.get(0).path("status").asText()).isEqualTo("offline");
        assertThat(got.path("active").asBoolean(true)).isFalse();
    }

    @Test
    void search_andGetByUsername_neverAnswerCopiesOfOtherServersUsers() {
        assertThat(search("Carol").expectOk().path("users")).isEmpty();
        assertThat(search("carol@gamma.test").expectOk().path("users")).isEmpty();
        beta.client().get("/api/v1/federation.users.getByUsername?username=" + enc("carol@gamma.test"))
                .expectErrorType("error-federation-user-not-found");
    }

    @Test
    void getByUsername_answersTheNormalisedUser_andLookupsWriteNothing() {
        User before = beta.server().users().requireByUsername("bob");

        JsonNode user = beta.client().get("/api/v1/federation.users.getByUsername?username=bob").expectOk().path("user");
        search("bob").expectOk();

        assertThat(user.path("_id").asText()).isEqualTo(bobId);
        assertThat(user.path("username").asText()).isEqualTo("bob@beta.test");
        assertThat(user.path("federation").path("origin").asText()).isEqualTo("beta.test");
        assertThat(user.toString()).doesNotContain(REAL_EMAIL);
        assertThat(beta.server().users().requireByUsername("bob")).isEqualTo(before);
    }

    @Test
    void getByUsername_unknownUser_isA400WithAClearError() {
        JsonNode body = beta.client().get("/api/v1/federation.users.getByUsername?username=nobody")
                .expectErrorType("error-federation-user-not-found");

        assertThat(body.path("error").asText()).contains("nobody");
    }

    @Test
    void missingUsername_isInvalidParams() {
        beta.client().get("/api/v1/federation.users.getByUsername").expectErrorType("invalid-params");
        beta.client().get("/api/v1/federation.users.search?domain=beta.test").expectErrorType("invalid-params");
    }

    @Test
    void whileFederationIsOff_bothAnswerFederationNotEnabled() {
        try (TestServer off = TestServer.start()) {
            off.newUser("bob");

            for (String path : new String[] {"/api/v1/federation.users.search?username=bob&domain=x.test",
                    "/api/v1/federation.users.getByUsername?username=bob"}) {
                JsonNode body = off.client().get(path).expectError(400);
                assertThat(body.path("error").asText()).isEqualTo("Federation not enabled");
            }
        }
    }

    private static dev.fedchat.server.testing.ApiResponse search(String username) {
        return beta.client().get("/api/v1/federation.users.search?username=" + enc(username) + "&domain=beta.test");
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
