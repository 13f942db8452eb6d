package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finding users of another server through the client API (client-api.md §5.2, federation-protocol.md
 * §10): {@code directory} with {@code workspace=external} asks the peer; remote users show their
 * qualified name, {@code federation.origin} and {@code isRemote} in {@code directory},
 * {@code users.info} and {@code spotlight}. Alice on alpha looks for users of beta.
 */
class RemoteUserDirectoryTest {
    private static final String BOB_EMAIL = "robert.real@beta.test";

    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static ApiClient alice;
    private static String bobId;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        alice = alpha.newUser("alice");
        bobId = beta.client().post("/api/v1/users.register", obj("username", "bob", "email", BOB_EMAIL,
                "pass", "bob-pass", "name", "Bob Builder")).expectOk().path("user").path("_id").asText();
        beta.client().post("/api/v1/users.register", obj("username", "carl", "email", "carl.real@beta.test",
                "pass", "carl-pass", "name", "Carl Known")).expectOk();
        alpha.server().remoteUsers().importUser("carl@beta.test");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void directory_external_withAQualifiedUsername_listsThePeersUser_asRemote_withoutAnyEmail() {
        JsonNode body = directory("external", "bob@beta.test").expectOk();

        assertThat(body.path("result")).hasSize(1);
        JsonNode bob = body.path("result").get(0);
        assertThat(bob.path("_id").asText()).isEqualTo(bobId);
        assertThat(bob.path("username").asText()).isEqualTo("bob@beta.test");
        assertThat(bob.path("name").asText()).isEqualTo("Bob Builder");
        assertThat(bob.path("federation").path("origin").asText()).isEqualTo("beta.test");
        assertThat(bob.path("isRemote").asBoolean()).isTrue();
        assertThat(bob.has("emails")).isFalse();
        assertThat(body.path("total").asInt()).isEqualTo(1);
        assertThat(body.toString()).doesNotContain(BOB_EMAIL);
        alice.get("/api/v1/users.info?username=bob@beta.test").expectErrorType("error-invalid-user");
    }

    @Test
    void directory_external_findsByExactDisplayName_butNeverByEmail() {
        assertThat(usernames(directory("external", "Bob Builder@beta.test").expectOk())).containsExactly("bob@beta.test");
        assertThat(usernames(directory("external", BOB_EMAIL).expectOk())).isEmpty();
        assertThat(usernames(directory("external", "Bob@beta.test").expectOk())).containsExactly("bob@beta.test");
    }

    @Test
    void directory_external_acceptsTheOlderQueryJson() {
        String query = URLEncoder.encode(Json.write(obj("text", "bob@beta.test", "type", "users", "workspace", "external")),
                StandardCharsets.UTF_8);

        assertThat(usernames(alice.get("/api/v1/directory?query=" + query).expectOk())).containsExactly("bob@beta.test");
    }

    @Test
    void directory_local_neverAsksAPeer_andListsNoRemoteUser() {
        assertThat(usernames(directory("local", "bob@beta.test").expectOk())).isEmpty();
        assertThat(usernames(alice.get("/api/v1/directory?type=users&text=carl").expectOk())).as("local is the default").isEmpty();
        assertThat(usernames(directory("local", "alice").expectOk())).containsExactly("alice");
    }

    @Test
    void directory_external_listsKnownRemoteUsers_once_evenWhenThePeerFindsThemAgain() {
        assertThat(usernames(directory("external", "carl").expectOk())).containsExactly("carl@beta.test");
        assertThat(usernames(directory("all", "carl").expectOk())).containsExactly("carl@beta.test");
        JsonNode again = directory("external", "carl@beta.test").expectOk();
        assertThat(usernames(again)).containsExactly("carl@beta.test");
        assertThat(again.path("total").asInt()).isEqualTo(1);
        assertThat(usernames(directory("external", "alice").expectOk())).isEmpty();
    }

    @Test
    void directory_external_forAServerThatCannotBeFound_isAClearError() {
        JsonNode body = directory("external", "someone@nowhere.test").expectErrorType("error-federation-peer-unreachable");

        assertThat(body.path("error").asText()).startsWith("Could not reach nowhere.test: ");
    }

    @Test
    void directory_withAnUnknownWorkspace_isInvalidParams() {
        directory("everywhere", "bob@beta.test").expectErrorType("invalid-params");
    }

    @Test
    void anImportedUser_showsAsRemote_inUsersInfoAndSpotlight() {
        JsonNode info = alice.get("/api/v1/users.info?username=carl@beta.test").expectOk().path("user");
        JsonNode spotlight = alice.get("/api/v1/spotlight?query=carl").expectOk().path("users");

        assertThat(info.path("username").asText()).isEqualTo("carl@beta.test");
        assertThat(info.path("name").asText()).isEqualTo("Carl Known");
        assertThat(info.path("federation").path("origin").asText()).isEqualTo("beta.test");
        assertThat(info.path("isRemote").asBoolean()).isTrue();
        assertThat(info.path("_id").asText()).isEqualTo(beta.server().users().requireByUsername("carl").id());
        assertThat(spotlight).hasSize(1);
        assertThat(spotlight.get(0).path("username").asText()).isEqualTo("carl@beta.test");
        assertThat(spotlight.get(0).path("isRemote").asBoolean()).isTrue();
        JsonNode local = alice.get("/api/v1/users.info?username=alice").expectOk().path("user");
        assertThat(local.has("federation")).as("local users carry no federation field").isFalse();
        assertThat(local.has("isRemote")).isFalse();
    }

    private static dev.fedchat.server.testing.ApiResponse directory(String workspace, String text) {
        return alice.get("/api/v1/directory?type=users&workspace=" + workspace + "&text="
                + URLEncoder.encode(text, StandardCharsets.UTF_8));
    }

    private static List<String> usernames(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("result").forEach(u -> out.add(u.path("username").asText()));
        return out;
    }
}
