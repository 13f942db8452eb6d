package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The settings API (client-api.md §2.8) and the settings forced at start: {@code ROOT_URL} and
 * {@code OVERWRITE_SETTING_<id>}.
 */
class SettingsApiTest {
    private static final String SECRET = "Accounts_RegistrationForm_SecretURL";

    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient user;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withSiteUrl("https://chat.example.org"));
        admin = server.admin();
        user = server.newUser("plain");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void settingsPublic_needsNoLogin_andListsOnlyPublicSettings() {
        JsonNode body = server.client().get("/api/v1/settings.public?count=100").expectOk();

        List<String> ids = ids(body);
        assertThat(ids).contains("Site_Url", "Accounts_RegistrationForm", "FileUpload_MaxFileSize").doesNotContain(SECRET);
        assertThat(body.path("total").asInt()).isEqualTo(ids.size());
        assertThat(value(body, "Site_Url").asText()).as("ROOT_URL is forced into Site_Url").isEqualTo("https://chat.example.org");

        JsonNode page = server.client().get("/api/v1/settings.public?count=2&offset=1").expectOk();
        assertThat(ids(page)).containsExactly(ids.get(1), ids.get(2));
        assertThat(page.path("total").asInt()).isEqualTo(ids.size());
    }

    @Test
    void settingsList_showsPrivateSettingsToAdminsOnly() {
        assertThat(ids(admin.get("/api/v1/settings?count=100").expectOk())).contains(SECRET);
        assertThat(ids(user.get("/api/v1/settings?count=100").expectOk())).doesNotContain(SECRET).contains("Site_Name");
        assertThat(ids(server.client().get("/api/v1/settings?count=100").expectOk())).doesNotContain(SECRET);
    }

    @Test
    void getOne_isForAdminsOnly_andAnUnknownIdIsABare400() {
        JsonNode one = admin.get("/api/v1/settings/Site_Name").expectOk();
        assertThat(one.path("_id").asText()).isEqualTo("Site_Name");
        assertThat(one.path("value").asText()).isEqualTo("fedchat");

        server.client().get("/api/v1/settings/" + SECRET).expectError(401);
        JsonNode forbidden = user.get("/api/v1/settings/" + SECRET).expectError(403);
        assertThat(forbidden.path("error").asText()).contains("error-unauthorized");
        JsonNode unknown = admin.get("/api/v1/settings/No_Such_Setting").expectError(400);
        assertThat(unknown.path("error").asText()).contains("No_Such_Setting");
        assertThat(unknown.has("errorType")).isFalse();
    }

    @Test
    void post_byAnAdminWithTheTwoFactorHeaders_changesTheValue() {
        try {
            admin.post("/api/v1/settings/Site_Name", obj("value", "Team Chat"),
                    Map.of("X-2FA-Code", DdpClient.sha256(TestServer.ADMIN_PASSWORD), "X-2FA-Method", "password")).expectOk();
            assertThat(admin.get("/api/v1/settings/Site_Name").expectOk().path("value").asText()).isEqualTo("Team Chat");

            admin.post("/api/v1/settings/Message_MaxAllowedSize", obj("value", 4000)).expectOk();
            assertThat(value(server.client().get("/api/v1/settings.public?count=100").expectOk(), "Message_MaxAllowedSize")
                    .asInt()).isEqualTo(4000);
        } finally {
            admin.post("/api/v1/settings/Site_Name", obj("value", "fedchat")).expectOk();
            admin.post("/api/v1/settings/Message_MaxAllowedSize", obj("value", 5000)).expectOk();
        }
    }

    @Test
    void post_byAUserOrAnonymously_isRefused_andChangesNothing() {
        String before = admin.get("/api/v1/settings/" + SECRET).expectOk().path("value").asText();

        user.post("/api/v1/settings/" + SECRET, obj("value", "mine-now")).expectError(403);
        server.client().post("/api/v1/settings/" + SECRET, obj("value", "mine-now")).expectError(401);

        assertThat(admin.get("/api/v1/settings/" + SECRET).expectOk().path("value").asText()).isEqualTo(before);
    }

    @Test
    void post_withAValueOfTheWrongType_isInvalidParams_andChangesNothing() {
        admin.post("/api/v1/settings/FileUpload_MaxFileSize", obj("value", "lots")).expectErrorType("invalid-params");
        admin.post("/api/v1/settings/FileUpload_MaxFileSize", obj("value", 1.5)).expectErrorType("invalid-params");
        admin.post("/api/v1/settings/FileUpload_ProtectFiles", obj("value", "false")).expectErrorType("invalid-params");
        admin.post("/api/v1/settings/Accounts_RegistrationForm", obj("value", "Open")).expectErrorType("invalid-params");
        admin.post("/api/v1/settings/Site_Name", obj("value", 42)).expectErrorType("invalid-params");
        admin.post("/api/v1/settings/Site_Name", obj("execute", true)).expectErrorType("invalid-params");
        admin.post("/api/v1/settings/Site_Name", "{\"value\":").expectErrorType("invalid-params");

        assertThat(admin.get("/api/v1/settings/FileUpload_MaxFileSize").expectOk().path("value").asLong()).isEqualTo(104_857_600L);
        assertThat(admin.get("/api/v1/settings/FileUpload_ProtectFiles").expectOk().path("value").asBoolean()).isTrue();
        assertThat(admin.get("/api/v1/settings/Accounts_RegistrationForm").expectOk().path("value").asText()).isEqualTo("Public");
    }

    @Test
    void post_toAnUnknownId_isABare400() {
        JsonNode body = admin.post("/api/v1/settings/No_Such_Setting", obj("value", 1)).expectError(400);

        assertThat(body.path("error").asText()).contains("No_Such_Setting");
        assertThat(body.has("errorType")).isFalse();
        admin.get("/api/v1/settings/No_Such_Setting").expectError(400);
    }

    @Test
    void overwriteSetting_isForcedAtEveryStart_withTheSettingsType() {
        String db = "overwrite-" + UUID.randomUUID();
        Path dir = TestServer.tempDir();
        Map<String, String> overrides = Map.of("Site_Name", "Forced", "FileUpload_MaxFileSize", "1024",
                "Message_AllowEditing", "false");
        ServerConfig config = ServerConfig.embedded(dir, 0).withDatabase(DatabaseConfig.inMemory(db))
                .withAdmin(new ServerConfig.AdminBootstrap("root", "root-pass", "root@test.example"))
                .withSettingOverrides(overrides);
        try {
            try (FedchatServer first = FedchatServer.start(config)) {
                ApiClient root = new ApiClient(first.url()).login("root", "root-pass");
                assertThat(root.get("/api/v1/settings/Site_Name").expectOk().path("value").asText()).isEqualTo("Forced");
                JsonNode size = root.get("/api/v1/settings/FileUpload_MaxFileSize").expectOk().path("value");
                assertThat(size.isNumber()).isTrue();
                assertThat(size.asLong()).isEqualTo(1024);
                JsonNode editing = root.get("/api/v1/settings/Message_AllowEditing").expectOk().path("value");
                assertThat(editing.isBoolean()).isTrue();
                assertThat(editing.asBoolean()).isFalse();
                root.post("/api/v1/settings/Site_Name", obj("value", "Changed by hand")).expectOk();
            }
            try (FedchatServer second = FedchatServer.start(config)) {
                ApiClient root = new ApiClient(second.url()).login("root", "root-pass");
                assertThat(root.get("/api/v1/settings/Site_Name").expectOk().path("value").asText()).isEqualTo("Forced");
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    @Test
    void overwriteSetting_withAnUnknownIdOrABadValue_stopsTheStart_namingIt() {
        assertThatThrownBy(() -> TestServer.start(c -> c.withSettingOverrides(Map.of("No_Such_Setting", "x"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OVERWRITE_SETTING_No_Such_Setting");
        assertThatThrownBy(() -> TestServer.start(c -> c.withSettingOverrides(Map.of("FileUpload_MaxFileSize", "lots"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OVERWRITE_SETTING_FileUpload_MaxFileSize")
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> TestServer.start(c -> c.withSettingOverrides(Map.of("Accounts_RegistrationForm", "Open"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Accounts_RegistrationForm");
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("settings").forEach(s -> ids.add(s.path("_id").asText()));
        return ids;
    }

    private static JsonNode value(JsonNode list, String id) {
        for (JsonNode s : list.path("settings")) {
            if (s.path("_id").asText().equals(id)) {
                return s.path("value");
            }
        }
        throw new AssertionError(id + " is not listed in " + list);
    }
}
