package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.Multipart;
import dev.fedchat.server.testing.Pngs;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.awt.Color;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The account methods over DDP: {@code saveUserProfile}, {@code setUserActiveStatus}, {@code resetAvatar}, {@code deleteUser}. */
@Timeout(60)
class AccountMethodsTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void saveUserProfile_changesTheEmail_onlyWithTheTypedPasswordDigest() {
        server.newUser("ivan");
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword("ivan", "ivan-pass");
            StateSnapshot before = StateSnapshot.of(server);

            JsonNode refused = ddp.call("saveUserProfile", obj("email", "ivan.new@test.example"), obj());
            JsonNode wrong = ddp.call("saveUserProfile", obj("email", "ivan.new@test.example",
                    "typedPassword", DdpClient.sha256("nope")), obj());
            assertThat(refused.path("error").path("error").asText()).isEqualTo("totp-required");
            assertThat(wrong.path("error").path("error").asText()).isEqualTo("totp-invalid");
            StateSnapshot.of(server).assertUnchangedSince(before);

            JsonNode saved = ddp.call("saveUserProfile", obj("email", "ivan.new@test.example", "realname", "Ivan I",
                    "typedPassword", DdpClient.sha256("ivan-pass")), obj());
            assertThat(saved.path("result").asBoolean()).isTrue();
        }
        assertThat(server.server().users().requireByUsername("ivan").email()).isEqualTo("ivan.new@test.example");
        assertThat(server.server().users().requireByUsername("ivan").name()).isEqualTo("Ivan I");
    }

    @Test
    void setUserActiveStatus_byAnAdmin_endsTheUsersConnection() throws Exception {
        ApiClient jane = server.newUser("jane");
        try (DdpClient admin = server.ddp().handshake(); DdpClient janes = server.ddp().handshake()) {
            admin.loginWithPassword(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
            janes.loginWithPassword("jane", "jane-pass");
            assertThat(janes.call("setUserActiveStatus", TestServer.ADMIN, false).path("error").path("error").asText())
                    .as("only admins").isEqualTo("error-unauthorized");

            assertThat(admin.call("setUserActiveStatus", jane.userId(), false).path("result").asBoolean()).isTrue();

            assertThat(janes.closedByServer().get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }
        jane.get("/api/v1/me").expectError(401);
    }

    @Test
    void resetAvatar_putsTheInitialsBack() {
        ApiClient kim = server.newUser("kim");
        kim.send(new Multipart().file("image", "k.png", "image/png", Pngs.image(20, 20, Color.RED, Color.RED, "png"))
                .applyTo(kim.request("/api/v1/users.setAvatar"))).expectOk();
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword("kim", "kim-pass");

            assertThat(ddp.call("resetAvatar").path("result").asBoolean()).isTrue();
        }
        assertThat(server.server().users().requireByUsername("kim").avatarEtag()).isNull();
    }

    @Test
    void aNewPicture_isAnnouncedToLoggedInClients_onStreamNotifyLogged() {
        ApiClient mona = server.newUser("mona");
        server.newUser("ned");
        try (DdpClient ned = server.ddp().handshake()) {
            ned.loginWithPassword("ned", "ned-pass");
            assertThat(ned.subscribe("stream-notify-logged", "updateAvatar", false).path("msg").asText()).isEqualTo("ready");

            mona.send(new Multipart().file("image", "m.png", "image/png", Pngs.image(20, 20, Color.RED, Color.RED, "png"))
                    .applyTo(mona.request("/api/v1/users.setAvatar"))).expectOk();

            JsonNode frame = ned.await(f -> f.path("collection").asText().equals("stream-notify-logged")
                    && f.path("fields").path("args").path(0).path("username").asText().equals("mona"));
            assertThat(frame.path("fields").path("eventName").asText()).isEqualTo("updateAvatar");
            assertThat(frame.path("fields").path("args").path(0).path("avatarETag").asText())
                    .isEqualTo(server.server().users().requireByUsername("mona").avatarEtag());
        }
        try (DdpClient anonymous = server.ddp().handshake()) {
            assertThat(anonymous.subscribe("stream-notify-logged", "updateAvatar", false).path("msg").asText()).isEqualTo("nosub");
        }
    }

    @Test
    void deleteUser_byAnAdmin_deletesTheUser() {
        ApiClient lena = server.newUser("lena");
        try (DdpClient admin = server.ddp().handshake()) {
            admin.loginWithPassword(TestServer.ADMIN, TestServer.ADMIN_PASSWORD);

            assertThat(admin.call("deleteUser", lena.userId()).path("result").asBoolean()).isTrue();
        }
        assertThat(server.server().users().byUsername("lena")).isEmpty();
    }
}
