package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
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
 * {@code directory} and {@code spotlight} (client-api.md §2.7). The users and rooms searched for
 * carry a {@code zeta} prefix no other test name has, so results are exact.
 */
class SearchApiTest {
    private static TestServer server;
    private static ApiClient searcher;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        searcher = server.newUser("searcher");
        for (String name : List.of("zeta-anna", "zeta-bert", "zeta-carl", "zeta_x", "zetaqx")) {
            server.newUser(name);
        }
        server.client().post("/api/v1/users.register", obj("username", "zeta-sale", "email", "sale@test.example",
                "pass", "p", "name", "Zeta 50% off")).expectOk();
        for (String name : List.of("zeta-room-1", "zeta-room-2", "zeta-room-3")) {
            searcher.post("/api/v1/channels.create", obj("name", name)).expectOk();
        }
        searcher.post("/api/v1/groups.create", obj("name", "zeta-hidden")).expectOk();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void directory_users_withPlainParameters_listsMatchingUsersWithoutPrivateFields() {
        JsonNode body = searcher.get("/api/v1/directory?type=users&text=ZETA-").expectOk();

        assertThat(usernames(body.path("result"))).containsExactly("zeta-anna", "zeta-bert", "zeta-carl", "zeta-sale");
        assertThat(body.path("total").asInt()).isEqualTo(4);
        JsonNode anna = body.path("result").get(0);
        assertThat(anna.path("_id").asText()).hasSize(17);
        assertThat(anna.path("name").asText()).isEqualTo("ZETA-ANNA");
        assertThat(anna.has("emails")).isFalse();
        assertThat(body.toString()).doesNotContain("@test.example").doesNotContain("$2a$");
    }

    @Test
    void directory_acceptsTheOlderQueryJson() {
        String query = URLEncoder.encode(Json.write(obj("text", "zeta-b", "type", "users")), StandardCharsets.UTF_8);

        JsonNode body = searcher.get("/api/v1/directory?query=" + query).expectOk();

        assertThat(usernames(body.path("result"))).containsExactly("zeta-bert");
    }

    @Test
    void directory_channels_listsPublicChannelsOnly_andPages() {
        JsonNode all = searcher.get("/api/v1/directory?type=channels&text=zeta").expectOk();
        assertThat(names(all.path("result"))).containsExactly("zeta-room-1", "zeta-room-2", "zeta-room-3");
        assertThat(all.path("result").get(0).path("t").asText()).isEqualTo("c");

        JsonNode page = searcher.get("/api/v1/directory?text=zeta&count=1&offset=1").expectOk();
        assertThat(names(page.path("result"))).as("channels is the default type").containsExactly("zeta-room-2");
        assertThat(page.path("count").asInt()).isEqualTo(1);
        assertThat(page.path("offset").asInt()).isEqualTo(1);
        assertThat(page.path("total").asInt()).isEqualTo(3);
    }

    @Test
    void directory_badParametersOrNoLogin_areRefused() {
        searcher.get("/api/v1/directory?type=planets").expectErrorType("invalid-params");
        searcher.get("/api/v1/directory?query=%7Bnot-json").expectErrorType("invalid-params");
        searcher.get("/api/v1/directory?type=users&count=x").expectErrorType("invalid-params");
        server.client().get("/api/v1/directory?type=users&text=zeta").expectError(401);
    }

    @Test
    void spotlight_atSearchesUsersOnly_hashRoomsOnly_andPlainBoth() {
        JsonNode users = searcher.get("/api/v1/spotlight?query=" + encode("@zeta-c")).expectOk();
        assertThat(usernames(users.path("users"))).containsExactly("zeta-carl");
        assertThat(users.path("rooms")).isEmpty();

        JsonNode rooms = searcher.get("/api/v1/spotlight?query=" + encode("#zeta-room-2")).expectOk();
        assertThat(rooms.path("users")).isEmpty();
        assertThat(names(rooms.path("rooms"))).containsExactly("zeta-room-2");

        JsonNode both = searcher.get("/api/v1/spotlight?query=zeta-").expectOk();
        assertThat(usernames(both.path("users"))).contains("zeta-anna", "zeta-sale");
        assertThat(names(both.path("rooms"))).as("public channels and the searcher's own group")
                .containsExactly("zeta-hidden", "zeta-room-1", "zeta-room-2", "zeta-room-3");
        JsonNode outsider = server.newUser("outsider").get("/api/v1/spotlight?query=%23zeta-").expectOk();
        assertThat(names(outsider.path("rooms"))).as("another user's private group stays hidden")
                .containsExactly("zeta-room-1", "zeta-room-2", "zeta-room-3");

        server.client().get("/api/v1/spotlight?query=zeta").expectError(401);
        searcher.get("/api/v1/spotlight").expectErrorType("invalid-params");
    }

    @Test
    void likeWildcardsInTheInput_matchOnlyThemselves() {
        JsonNode underscore = searcher.get("/api/v1/directory?type=users&text=zeta_").expectOk();
        assertThat(usernames(underscore.path("result"))).containsExactly("zeta_x");

        JsonNode percent = searcher.get("/api/v1/directory?type=users&text=" + encode("%")).expectOk();
        assertThat(usernames(percent.path("result"))).containsExactly("zeta-sale");
        JsonNode inside = searcher.get("/api/v1/directory?type=users&text=" + encode("50% o")).expectOk();
        assertThat(usernames(inside.path("result"))).containsExactly("zeta-sale");
        JsonNode spotlight = searcher.get("/api/v1/spotlight?query=" + encode("@zeta%x")).expectOk();
        assertThat(spotlight.path("users")).isEmpty();
        JsonNode backslash = searcher.get("/api/v1/directory?type=channels&text=" + encode("zeta\\")).expectOk();
        assertThat(backslash.path("result")).isEmpty();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<String> usernames(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(u -> out.add(u.path("username").asText()));
        return out;
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(r -> out.add(r.path("name").asText()));
        return out;
    }
}
