package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.user.RemoteProfile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code users.updateOwnBasicInfo}, and an admin's {@code users.update}, {@code users.setActiveStatus} and {@code users.delete}. */
class AccountApiTest {
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
    void aUser_changesTheirName_withoutTheirPassword() {
        ApiClient anna = server.newUser("anna");

        JsonNode user = anna.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("name", "Anna Smith"))).expectOk().path("user");

        assertThat(user.path("name").asText()).isEqualTo("Anna Smith");
        assertThat(admin.get("/api/v1/users.info?username=anna").expectOk().path("user").path("name").asText()).isEqualTo("Anna Smith");
    }

    @Test
    void aNewEmail_needsTheCurrentPasswordDigest_asRocketChatsClientsSendIt() {
        ApiClient bert = server.newUser("bert");
        StateSnapshot before = StateSnapshot.of(server);

        bert.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("email", "bert.new@test.example")))
                .expectErrorType("totp-required");
        bert.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("email", "bert.new@test.example",
                "currentPassword", DdpClient.sha256("wrong")))).expectErrorType("totp-invalid");
        bert.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("email", "not-an-address",
                "currentPassword", DdpClient.sha256("bert-pass")))).expectErrorType("error-invalid-email");
        bert.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("email", "admin@test.example",
                "currentPassword", DdpClient.sha256("bert-pass")))).expectErrorType("error-field-unavailable");
        StateSnapshot.of(server).assertUnchangedSince(before);

        JsonNode user = bert.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("email", "bert.new@test.example",
                "currentPassword", DdpClient.sha256("bert-pass")))).expectOk().path("user");
        assertThat(user.path("emails").get(0).path("address").asText()).isEqualTo("bert.new@test.example");
    }

    @Test
    void aNewPassword_endsTheOtherSessions_andKeepsTheCurrentOne() throws Exception {
        ApiClient here = server.newUser("cleo");
        ApiClient elsewhere = server.client().login("cleo", "cleo-pass");
        try (DdpClient realtime = server.ddp().handshake()) {
            assertThat(realtime.call("login", obj("resume", elsewhere.token())).has("result")).isTrue();
            here.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("newPassword", "cleo-pass",
                    "currentPassword", DdpClient.sha256("cleo-pass")))).expectErrorType("error-password-same-as-current");

            here.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("newPassword", "cleo-new",
                    "currentPassword", DdpClient.sha256("cleo-pass")))).expectOk();

            assertThat(realtime.closedByServer().get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        here.get("/api/v1/me").expectOk();
        elsewhere.get("/api/v1/me").expectError(401);
        server.client().post("/api/v1/login", obj("user", "cleo", "password", "cleo-pass")).expectError(401);
        server.client().login("cleo", "cleo-new");
    }

    @Test
    void aUsername_changes_andTheUsersMessagesFollow_unlessItIsTakenOrInvalid() {
        ApiClient dora = server.newUser("dora");
        String rid = admin.post("/api/v1/channels.create", obj("name", "dora-room", "members", List.of("dora"))).expectOk()
                .path("channel").path("_id").asText();
        dora.post("/api/v1/chat.postMessage", obj("roomId", rid, "text", "hello")).expectOk();
        StateSnapshot before = StateSnapshot.of(server);

        dora.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("username", "admin"))).expectErrorType("error-field-unavailable");
        dora.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("username", "dora@beta.test")))
                .expectErrorType("error-invalid-username");
        dora.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("name", " "))).expectErrorType("error-the-field-is-required");
        dora.post("/api/v1/users.updateOwnBasicInfo", obj("name", "no data")).expectErrorType("invalid-params");
        StateSnapshot.of(server).assertUnchangedSince(before);

        dora.post("/api/v1/users.updateOwnBasicInfo", obj("data", obj("username", "dorothy"))).expectOk();

        assertThat(dora.get("/api/v1/me").expectOk().path("username").asText()).isEqualTo("dorothy");
        assertThat(admin.get("/api/v1/channels.history?roomId=" + rid).expectOk().path("messages").get(0)
                .path("u").path("username").asText()).isEqualTo("dorothy");
        server.client().login("dorothy", "dora-pass");
    }

    @Test
    void anAdmin_updatesAUser_andOthersMayNot() {
        ApiClient emil = server.newUser("emil");
        StateSnapshot before = StateSnapshot.of(server);
        emil.post("/api/v1/users.update", obj("userId", emil.userId(), "data", obj("roles", List.of("user", "admin"))))
                .expectError(403);
        admin.post("/api/v1/users.update", obj("userId", emil.userId(), "data", obj("roles", List.of("Not A Role"))))
                .expectErrorType("error-invalid-role");
        admin.post("/api/v1/users.update", obj("userId", "nobody", "data", obj("name", "x"))).expectErrorType("error-invalid-user");
        StateSnapshot.of(server).assertUnchangedSince(before);

        JsonNode user = admin.post("/api/v1/users.update", obj("userId", emil.userId(), "data", obj("name", "Emil E",
                "roles", List.of("user", "admin"), "password", "emil-new"))).expectOk().path("user");

        assertThat(user.path("name").asText()).isEqualTo("Emil E");
        assertThat(user.path("roles").toString()).contains("admin");
        emil.get("/api/v1/me").expectError(401);
        server.client().login("emil", "emil-new");
        // one admin again, as the last-admin test expects
        admin.post("/api/v1/users.update", obj("userId", emil.userId(), "data", obj("roles", List.of("user")))).expectOk();
    }

    @Test
    void aRemoteUsersProfile_isNeverEditableHere() {
        server.server().users().saveRemote(new RemoteProfile("remoteFrank000001", "frank@beta.test", "Frank", "beta.test", 0));
        StateSnapshot before = StateSnapshot.of(server);

        admin.post("/api/v1/users.update", obj("userId", "remoteFrank000001", "data", obj("name", "Renamed")))
                .expectErrorType("error-not-allowed");
        admin.post("/api/v1/users.setActiveStatus", obj("userId", "remoteFrank000001", "activeStatus", false))
                .expectErrorType("error-not-allowed");
        admin.post("/api/v1/users.delete", obj("username", "frank@beta.test")).expectErrorType("error-not-allowed");
        admin.post("/api/v1/users.resetAvatar", obj("username", "frank@beta.test")).expectErrorType("error-not-allowed");

        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void aDeactivatedUser_cannotLogIn_andTheirSessionsEnd_untilReactivated() throws Exception {
        ApiClient gus = server.newUser("gus");
        try (DdpClient realtime = server.ddp().handshake()) {
            assertThat(realtime.call("login", obj("resume", gus.token())).has("result")).isTrue();

            JsonNode user = admin.post("/api/v1/users.setActiveStatus", obj("userId", gus.userId(), "activeStatus", false))
                    .expectOk().path("user");

            assertThat(user.path("active").asBoolean(true)).isFalse();
            assertThat(realtime.closedByServer().get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        gus.get("/api/v1/me").expectError(401);
        server.client().post("/api/v1/login", obj("user", "gus", "password", "gus-pass")).expectError(401);
        assertThat(admin.get("/api/v1/users.info?username=gus").expectOk().path("user").path("active").asBoolean(true)).isFalse();

        admin.post("/api/v1/users.setActiveStatus", obj("userId", gus.userId(), "activeStatus", true)).expectOk();
        ApiClient gusAgain = server.client().login("gus", "gus-pass");
        admin.post("/api/v1/users.setActiveStatus", obj("userId", gus.userId())).expectErrorType("invalid-params");
        gusAgain.post("/api/v1/users.setActiveStatus", obj("userId", admin.userId(), "activeStatus", false)).expectError(403);
    }

    @Test
    void theLastActiveAdmin_cannotBeDeactivatedDemotedOrDeleted() {
        StateSnapshot before = StateSnapshot.of(server);
        String adminId = admin.userId();
        assertThat(server.server().users().list(1000, 0).stream().filter(u -> u.isAdmin() && u.active())).hasSize(1);

        admin.post("/api/v1/users.setActiveStatus", obj("userId", adminId, "activeStatus", false))
                .expectErrorType("error-action-not-allowed");
        admin.post("/api/v1/users.update", obj("userId", adminId, "data", obj("roles", List.of("user"))))
                .expectErrorType("error-action-not-allowed");
        admin.post("/api/v1/users.delete", obj("userId", adminId)).expectErrorType("error-action-not-allowed");

        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void aDeletedUser_goesWithTheirMessagesAndDirectConversations_asRocketChatDoesByDefault() {
        ApiClient hans = server.newUser("hans");
        ApiClient ida = server.newUser("ida");
        String rid = admin.post("/api/v1/channels.create", obj("name", "hans-room", "members", List.of("hans", "ida"))).expectOk()
                .path("channel").path("_id").asText();
        hans.post("/api/v1/chat.postMessage", obj("roomId", rid, "text", "from hans")).expectOk();
        ida.post("/api/v1/chat.postMessage", obj("roomId", rid, "text", "from ida")).expectOk();
        String dm = ida.post("/api/v1/im.create", obj("username", "hans")).expectOk().path("room").path("_id").asText();
        hans.post("/api/v1/chat.postMessage", obj("roomId", dm, "text", "private")).expectOk();

        admin.post("/api/v1/users.delete", obj("username", "hans")).expectOk();

        JsonNode history = ida.get("/api/v1/channels.history?roomId=" + rid).expectOk().path("messages");
        assertThat(history.findValuesAsText("msg")).containsExactly("from ida");
        ida.get("/api/v1/im.history?roomId=" + dm).expectError(400);
        admin.get("/api/v1/users.info?username=hans").expectErrorType("error-invalid-user");
        hans.get("/api/v1/me").expectError(401);
        admin.post("/api/v1/users.delete", obj()).expectErrorType("error-user-param-not-provided");
    }
}
