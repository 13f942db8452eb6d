package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code users.register}, {@code users.create}, {@code users.info} (client-api.md §2.2) and {@code users.list}. */
class UserApiTest {
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

    @Test
    void register_withPassAndNoName_createsAUserWhoCanLogIn() {
        JsonNode user = server.client().post("/api/v1/users.register",
                obj("username", "rita", "email", "rita@test.example", "pass", "rita-secret")).expectOk().path("user");

        assertThat(user.path("username").asText()).isEqualTo("rita");
        assertThat(user.path("name").asText()).as("name defaults to the username").isEqualTo("rita");
        assertThat(user.path("_id").asText()).hasSize(17);
        ApiClient rita = server.client().login("rita", "rita-secret");
        assertThat(rita.get("/api/v1/me").expectOk().path("_id").asText()).isEqualTo(user.path("_id").asText());
    }

    @Test
    void register_orCreate_aQualifiedName_isRefused_soNoLocalUserPassesForAUserOfAnotherServer() {
        JsonNode registered = server.client().post("/api/v1/users.register", obj("username", "bob@beta.test",
                "email", "bob.fake@test.example", "pass", "p")).expectErrorType("error-invalid-username");
        admin.post("/api/v1/users.create", obj("username", "carol@gamma.test", "email", "carol.fake@test.example",
                "password", "p", "name", "Carol")).expectErrorType("error-invalid-username");

        assertThat(registered.path("error").asText()).contains("cannot contain '@'");
        admin.get("/api/v1/users.info?username=bob@beta.test").expectErrorType("error-invalid-user");
        admin.get("/api/v1/users.info?username=carol@gamma.test").expectErrorType("error-invalid-user");
    }

    @Test
    void noAnswer_everContainsThePasswordHash() {
        String registered = server.client().post("/api/v1/users.register",
                obj("username", "hugo", "email", "hugo@test.example", "pass", "hugo-pass")).expectOk().toString();
        String created = admin.post("/api/v1/users.create", obj("username", "hilda", "email", "hilda@test.example",
                "password", "hilda-pass", "name", "Hilda")).expectOk().toString();
        ApiClient hugo = server.client().login("hugo", "hugo-pass");
        String info = hugo.get("/api/v1/users.info?username=hilda").expectOk().toString();
        String me = hugo.get("/api/v1/me").expectOk().toString();

        for (String answer : List.of(registered, created, info, me)) {
            assertThat(answer).doesNotContain("$2a$").doesNotContain("$2b$").doesNotContain("hash")
                    .doesNotContain("-pass");
        }
    }

    @Test
    void register_takenUsernameOrEmail_isFieldUnavailable_andCreatesNothing() {
        server.newUser("dora");

        JsonNode byName = server.client().post("/api/v1/users.register",
                obj("username", "DORA", "email", "other@test.example", "pass", "x")).expectErrorType("error-field-unavailable");
        assertThat(byName.path("error").asText()).isEqualTo("DORA is already in use :( [error-field-unavailable]");
        JsonNode byEmail = server.client().post("/api/v1/users.register",
                obj("username", "dora2", "email", "Dora@Test.Example", "pass", "x")).expectErrorType("error-field-unavailable");
        assertThat(byEmail.path("error").asText()).startsWith("Dora@Test.Example is already in use :(");

        admin.get("/api/v1/users.info?username=dora2").expectErrorType("error-invalid-user");
        server.client().post("/api/v1/login", obj("user", "other@test.example", "password", "x")).expectError(401);
        assertThat(admin.get("/api/v1/users.info?username=dora").expectOk().path("user").path("name").asText())
                .isEqualTo("DORA");
    }

    @Test
    void register_invalidUsernameOrEmail_isRefused_andCreatesNothing() {
        server.client().post("/api/v1/users.register", obj("username", "no spaces", "email", "ns@test.example", "pass", "x"))
                .expectErrorType("error-invalid-username");
        server.client().post("/api/v1/users.register", obj("username", "a".repeat(65), "email", "long@test.example",
                "pass", "x")).expectErrorType("error-invalid-username");
        server.client().post("/api/v1/users.register", obj("username", "emil", "email", "not-an-email", "pass", "x"))
                .expectErrorType("error-invalid-email");

        admin.get("/api/v1/users.info?username=emil").expectErrorType("error-invalid-user");
        server.client().post("/api/v1/login", obj("user", "ns@test.example", "password", "x")).expectError(401);
    }

    @Test
    void register_overlongNameOrEmail_isA400_notAServerError() {
        server.client().post("/api/v1/users.register", obj("username", "longname", "email", "ln@test.example",
                "pass", "x", "name", "n".repeat(300))).expectErrorType("invalid-params");
        server.client().post("/api/v1/users.register", obj("username", "longmail", "email",
                "m".repeat(320) + "@test.example", "pass", "x")).expectErrorType("error-invalid-email");

        admin.get("/api/v1/users.info?username=longname").expectErrorType("error-invalid-user");
        admin.get("/api/v1/users.info?username=longmail").expectErrorType("error-invalid-user");
    }

    @Test
    void register_malformedMissingOrWronglyTypedFields_areInvalidParams() {
        ApiClient anonymous = server.client();
        anonymous.post("/api/v1/users.register", "{\"username\": \"mal\",").expectErrorType("invalid-params");
        anonymous.post("/api/v1/users.register", "\"mal\"").expectErrorType("invalid-params");
        JsonNode noPass = anonymous.post("/api/v1/users.register",
                obj("username", "mal", "email", "mal@test.example", "password", "x")).expectErrorType("invalid-params");
        assertThat(noPass.path("error").asText()).contains("'pass'");
        JsonNode typed = anonymous.post("/api/v1/users.register",
                obj("username", 42, "email", "mal@test.example", "pass", "x")).expectErrorType("invalid-params");
        assertThat(typed.path("error").asText()).contains("'username'");
        anonymous.post("/api/v1/users.register", obj("username", "mal", "pass", "x")).expectErrorType("invalid-params");

        admin.get("/api/v1/users.info?username=mal").expectErrorType("error-invalid-user");
    }

    @Test
    void register_disabledOrSecretUrl_followsTheSettingsSetThroughTheApi() {
        setting("Accounts_RegistrationForm_SecretURL", "s3cret");
        setting("Accounts_RegistrationForm", "Disabled");
        try {
            server.client().post("/api/v1/users.register", obj("username", "gate1", "email", "gate1@test.example",
                    "pass", "x")).expectErrorType("error-user-registration-disabled");

            setting("Accounts_RegistrationForm", "Secret URL");
            server.client().post("/api/v1/users.register", obj("username", "gate1", "email", "gate1@test.example",
                    "pass", "x")).expectErrorType("error-user-registration-secret");
            server.client().post("/api/v1/users.register", obj("username", "gate1", "email", "gate1@test.example",
                    "pass", "x", "secret", "guess")).expectErrorType("error-user-registration-secret");
            admin.get("/api/v1/users.info?username=gate1").expectErrorType("error-invalid-user");

            server.client().post("/api/v1/users.register", obj("username", "gate2", "email", "gate2@test.example",
                    "pass", "x", "secret", "s3cret")).expectOk();
            admin.get("/api/v1/users.info?username=gate2").expectOk();
        } finally {
            setting("Accounts_RegistrationForm", "Public");
        }
    }

    @Test
    void create_byAdmin_makesAUserWithRolesWhoCanLogIn() {
        JsonNode user = admin.post("/api/v1/users.create", obj("username", "mod", "email", "mod@test.example",
                "password", "mod-pass", "name", "Moderator", "roles", List.of("user", "admin"))).expectOk().path("user");

        assertThat(user.path("name").asText()).isEqualTo("Moderator");
        assertThat(user.path("roles")).extracting(JsonNode::asText).containsExactly("user", "admin");
        ApiClient mod = server.client().login("mod", "mod-pass");
        mod.get("/api/v1/settings/Site_Url").expectOk();
    }

    @Test
    void create_byAUserIs403_andAnonymouslyIs401_andCreatesNothing() {
        ApiClient ursula = server.newUser("ursula");
        Object request = obj("username", "sneaky", "email", "sneaky@test.example", "password", "p", "name", "S");

        JsonNode forbidden = ursula.post("/api/v1/users.create", request).expectError(403);
        assertThat(forbidden.path("error").asText())
                .isEqualTo("User does not have the permissions required for this action [error-unauthorized]");
        JsonNode anonymous = server.client().post("/api/v1/users.create", request).expectError(401);
        assertThat(anonymous.path("error").asText()).isEqualTo("You must be logged in to do this.");

        admin.get("/api/v1/users.info?username=sneaky").expectErrorType("error-invalid-user");
    }

    @Test
    void create_takenEmailOrMissingName_isRefused_andCreatesNothing() {
        server.newUser("erin");
        admin.post("/api/v1/users.create", obj("username", "erin2", "email", "ERIN@test.example", "password", "p",
                "name", "E")).expectErrorType("error-field-unavailable");
        admin.post("/api/v1/users.create", obj("username", "erin3", "email", "erin3@test.example", "password", "p"))
                .expectErrorType("invalid-params");
        admin.post("/api/v1/users.create", obj("username", "erin4", "email", "erin4@test.example", "password", "p",
                "name", "E", "roles", "admin,user", "active", "yes")).expectErrorType("invalid-params");

        for (String name : List.of("erin2", "erin3", "erin4")) {
            admin.get("/api/v1/users.info?username=" + name).expectErrorType("error-invalid-user");
        }
    }

    @Test
    void info_findsByIdOrUsername_andAnUnknownUserIsInvalidUser() {
        ApiClient ivan = server.newUser("ivan");
        String id = ivan.userId();

        JsonNode byId = ivan.get("/api/v1/users.info?userId=" + id).expectOk().path("user");
        JsonNode byName = ivan.get("/api/v1/users.info?username=ivan").expectOk().path("user");
        assertThat(byId.path("username").asText()).isEqualTo("ivan");
        assertThat(byName.path("_id").asText()).isEqualTo(id);
        assertThat(byName.path("type").asText()).isEqualTo("user");

        JsonNode unknown = ivan.get("/api/v1/users.info?username=nobody-here").expectErrorType("error-invalid-user");
        assertThat(unknown.path("error").asText()).isEqualTo("Invalid user [error-invalid-user]");
        ivan.get("/api/v1/users.info?userId=AAAAAAAAAAAAAAAAA").expectErrorType("error-invalid-user");
        ivan.get("/api/v1/users.info").expectErrorType("invalid-params");
        server.client().get("/api/v1/users.info?userId=" + id).expectError(401);
    }

    private static void setting(String id, String value) {
        admin.post("/api/v1/settings/" + id, obj("value", value)).expectOk();
    }

    @Test
    void list_isForAdmins_pagedByUsername_withRoles() {
        server.newUser("listed-a");
        server.newUser("listed-b");

        JsonNode all = admin.get("/api/v1/users.list?count=100").expectOk();
        JsonNode page = admin.get("/api/v1/users.list?count=1&offset=1").expectOk();

        List<String> names = all.path("users").findValuesAsText("username");
        assertThat(names).contains("admin", "listed-a", "listed-b").isSorted();
        assertThat(all.path("total").asLong()).isEqualTo(names.size());
        assertThat(all.path("users").path(names.indexOf("admin")).path("roles").toString()).contains("admin");
        assertThat(page.path("count").asInt()).isEqualTo(1);
        assertThat(page.path("users").path(0).path("username").asText()).isEqualTo(names.get(1));
        assertThat(all.toString()).doesNotContain("password");
        server.client().login("listed-a", "listed-a-pass").get("/api/v1/users.list").expectError(403);
    }
}
