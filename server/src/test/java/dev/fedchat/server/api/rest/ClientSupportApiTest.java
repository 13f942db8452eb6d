package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calls Rocket.Chat's clients make around the chat (push registration, settings by id, the
 * permission catalog, the sync cursor, the workspace id) refuse bad input with Rocket.Chat's error
 * codes, and keep what they promise.
 */
class ClientSupportApiTest {
    private static TestServer server;
    private static ApiClient alice;
    private static String room;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.newUser("alice");
        room = alice.post("/api/v1/groups.create", obj("name", "support")).expectOk().path("group").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pushToken_isCheckedAsRocketChatChecksIt() {
        alice.post("/api/v1/push.token", obj("value", "t", "type", "fcm", "appName", "a"))
                .expectErrorType("error-type-param-not-valid");
        alice.post("/api/v1/push.token", obj("type", "apn", "appName", "a")).expectErrorType("error-token-param-not-valid");
        alice.post("/api/v1/push.token", obj("value", "t", "type", "apn")).expectErrorType("error-appName-param-not-valid");
        alice.post("/api/v1/push.token", obj("id", 7, "value", "t", "type", "apn", "appName", "a"))
                .expectErrorType("error-id-param-not-valid");
        server.client().post("/api/v1/push.token", obj("value", "t", "type", "apn", "appName", "a")).expectError(401);
        JsonNode noToken = alice.send(alice.request("/api/v1/push.token").header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{}"))).expectErrorType("error-token-param-not-valid");

        assertThat(noToken.path("error").asText()).contains("\"token\"");
        JsonNode ok = alice.post("/api/v1/push.token", obj("id", "device-1", "value", "t", "type", "apn", "appName", "a"))
                .expectOk().path("result");
        assertThat(ok.path("_id").asText()).isEqualTo("device-1");
        assertThat(ok.path("userId").asText()).isEqualTo(alice.userId());
    }

    @Test
    void settingsPublic_listsTheIdsAsked_inEitherForm() {
        String query = URLEncoder.encode(Json.write(obj("_id", obj("$in", List.of("Site_Name", "uniqueID")))),
                StandardCharsets.UTF_8);
        String one = URLEncoder.encode(Json.write(obj("_id", "Site_Name")), StandardCharsets.UTF_8);

        assertThat(ids(server.client().get("/api/v1/settings.public?_id=Site_Name,uniqueID,No_Such_Setting").expectOk()))
                .containsExactlyInAnyOrder("Site_Name", "uniqueID");
        assertThat(ids(server.client().get("/api/v1/settings.public?query=" + query).expectOk()))
                .containsExactlyInAnyOrder("Site_Name", "uniqueID");
        assertThat(ids(server.client().get("/api/v1/settings.public?query=" + one).expectOk())).containsExactly("Site_Name");
        assertThat(ids(server.client().get("/api/v1/settings.public?_id=Accounts_RegistrationForm_SecretURL").expectOk()))
                .as("a private setting stays private when named").isEmpty();
        server.client().get("/api/v1/settings.public?query=%7Bnot").expectErrorType("invalid-params");
        server.client().get("/api/v1/settings.public?query=" + URLEncoder.encode("{\"_id\":{\"$regex\":\".*\"}}",
                StandardCharsets.UTF_8)).expectErrorType("invalid-params");
    }

    @Test
    void theWorkspaceId_isReadOnly_andKeptAcrossARestart() {
        String id = uniqueId();

        server.admin().post("/api/v1/settings/uniqueID", obj("value", "mine")).expectErrorType("error-not-allowed");
        server.admin().post("/api/v1/settings/E2E_Enable", obj("value", true)).expectErrorType("error-not-allowed");
        server.stop();
        server.restart();

        assertThat(uniqueId()).isEqualTo(id).hasSize(17);
    }

    @Test
    void thePermissionCatalog_needsALogin_andRefusesAMalformedDate() {
        server.client().get("/api/v1/permissions.listAll").expectError(401);
        alice.get("/api/v1/permissions.listAll?updatedSince=yesterday").expectErrorType("invalid-params");
        alice.get("/api/v1/emoji-custom.list?updatedSince=yesterday").expectErrorType("invalid-params");
        JsonNode all = alice.get("/api/v1/permissions.listAll?updatedSince=2020-01-01T00:00:00.000Z").expectOk();

        assertThat(all.path("update")).extracting(p -> p.path("_id").asText()).contains("create-c", "delete-message",
                "post-readonly", "edit-room");
    }

    @Test
    void theSyncCursor_isRefusedWithRocketChatsCodes_whenItsParametersConflict() {
        String base = "/api/v1/chat.syncMessages?roomId=" + room;

        alice.get(base + "&next=0").expectErrorType("error-type-param-required");
        alice.get(base + "&next=0&type=ALL").expectErrorType("error-type-param-not-supported");
        alice.get(base + "&next=0&previous=5&type=UPDATED").expectErrorType("error-cursor-conflict");
        alice.get(base + "&next=0&type=UPDATED&lastUpdate=2026-01-01T00:00:00.000Z")
                .expectErrorType("error-cursor-and-lastUpdate-conflict");
        alice.get(base + "&previous=5&type=UPDATED").expectErrorType("error-cursor-previous-not-supported");
        alice.get(base + "&next=yesterday&type=UPDATED").expectErrorType("invalid-params");
        alice.get(base + "&next=0&type=UPDATED&count=5000").expectErrorType("invalid-params");
        server.newUser("outsider").get(base + "&next=0&type=UPDATED").expectError(403);
    }

    private static String uniqueId() {
        return server.client().get("/api/v1/settings.public?_id=uniqueID").expectOk().path("settings").path(0)
                .path("value").asText();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("settings").forEach(s -> out.add(s.path("_id").asText()));
        return out;
    }
}
