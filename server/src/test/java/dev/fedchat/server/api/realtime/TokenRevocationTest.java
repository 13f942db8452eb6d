package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A revoked token ends the realtime connections that logged in with it, as Meteor does. */
@Timeout(30)
class TokenRevocationTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.newUser("leaver");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void restLogout_closesTheDdpConnectionThatResumedWithTheToken() throws Exception {
        ApiClient rest = server.client().login("leaver", "leaver-pass");
        ApiClient other = server.client().login("leaver", "leaver-pass");
        try (DdpClient withToken = server.ddp().handshake(); DdpClient withOtherToken = server.ddp().handshake()) {
            assertThat(withToken.call("login", obj("resume", rest.token())).has("result")).isTrue();
            assertThat(withOtherToken.call("login", obj("resume", other.token())).has("result")).isTrue();

            rest.get("/api/v1/logout").expectOk();

            assertThat(withToken.closedByServer().get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            // the other login of the same user keeps its connection
            assertThat(withOtherToken.call("subscriptions/get").has("result")).isTrue();
            assertThat(withOtherToken.closedByServer()).isNotDone();
        }
    }

    @Test
    void ddpLogout_keepsItsOwnConnectionOpenButLoggedOut() {
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword("leaver", "leaver-pass");
            assertThat(ddp.call("logout").has("error")).isFalse();
            assertThat(ddp.call("subscriptions/get").path("error").path("error").asText()).isEqualTo("error-invalid-user");
            assertThat(ddp.closedByServer()).isNotDone();
        }
    }
}
