package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.callError;
import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.api.realtime.Frames.ejsonDate;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The DDP {@code login} method (client-api.md §3.1 step 3): by password digest, by resuming a
 * token from REST, the Meteor errors of a failed login, and {@code logout}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DdpLoginTest {
    private static TestServer server;
    private static ApiClient quinn;
    private static String channelId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        quinn = server.newUser("quinn");
        channelId = server.admin().post("/api/v1/channels.create", obj("name", "login-room", "members", List.of("quinn")))
                .expectOk().path("channel").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void login_withPasswordDigest_answersIdTokenExpiryAndType() {
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode answer = ddp.loginWithPassword("quinn", "quinn-pass");
            Frames.assertUpdatedFollows(ddp, answer);
            JsonNode result = answer.path("result");
            assertThat(result.path("id").asText()).isEqualTo(quinn.userId());
            assertThat(result.path("type").asText()).isEqualTo("password");
            long expires = ejsonDate(result.path("tokenExpires"));
            assertThat(expires).isGreaterThan(System.currentTimeMillis() + Duration.ofDays(30).toMillis());

            // the token is a real login token: REST accepts it
            ApiClient viaToken = server.client().withCredentials(result.path("id").asText(), result.path("token").asText());
            assertThat(viaToken.get("/api/v1/me").expectOk().path("username").asText()).isEqualTo("quinn");
        }
    }

    @Test
    void login_byEmail_works() {
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode result = callOk(ddp, "login", obj("user", obj("email", "quinn@test.example"),
                    "password", obj("digest", DdpClient.sha256("quinn-pass"), "algorithm", "sha-256")));
            assertThat(result.path("id").asText()).isEqualTo(quinn.userId());
        }
    }

    @Test
    void login_resumeWithARestToken_logsThatUserIn() {
        ApiClient rest = server.client().login("quinn", "quinn-pass");
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode result = callOk(ddp, "login", obj("resume", rest.token()));
            assertThat(result.path("id").asText()).isEqualTo(quinn.userId());
            assertThat(result.path("token").asText()).isEqualTo(rest.token());
            assertThat(result.path("type").asText()).isEqualTo("resume");
            ejsonDate(result.path("tokenExpires"));

            JsonNode sent = callOk(ddp, "sendMessage", obj("rid", channelId, "msg", "resumed and talking"));
            assertThat(sent.path("u").path("username").asText()).isEqualTo("quinn");
        }
    }

    @Test
    void login_wrongPassword_isMeteors403IncorrectPassword_andLeavesTheSessionAnonymous() {
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode answer = ddp.loginWithPassword("quinn", "not-her-password");
            Frames.assertUpdatedFollows(ddp, answer);
            JsonNode error = answer.path("error");
            assertThat(error.path("error").asInt()).isEqualTo(403);
            assertThat(error.path("reason").asText()).isEqualTo("Incorrect password");
            assertThat(error.path("message").asText()).isEqualTo("Incorrect password [403]");
            assertThat(error.path("errorType").asText()).isEqualTo("Meteor.Error");
            assertThat(answer.has("result")).isFalse();

            callError(ddp, "subscriptions/get");
        }
    }

    @Test
    void login_unknownUser_isMeteors403UserNotFound() {
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode error = ddp.loginWithPassword("nobody-by-that-name", "whatever").path("error");
            assertThat(error.path("error").asInt()).isEqualTo(403);
            assertThat(error.path("reason").asText()).isEqualTo("User not found");
        }
    }

    @Test
    void login_resumeWithAnUnknownToken_is403() {
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode error = callError(ddp, "login", obj("resume", "not-a-token-anyone-was-given"));
            assertThat(error.path("error").asInt()).isEqualTo(403);
            assertThat(error.path("reason").asText()).contains("log in again");
        }
    }

    @Test
    void login_withNeitherDigestNorResume_isA400MatchError() {
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode error = callError(ddp, "login", obj("user", obj("username", "quinn")));
            assertThat(error.path("error").isInt()).as("a numeric code, as Meteor's check() gives: %s", error).isTrue();
            assertThat(error.path("error").asInt()).isEqualTo(400);
            assertThat(error.path("reason").asText()).startsWith("Match failed");
            callError(ddp, "login");
            callError(ddp, "login", "quinn");
        }
    }

    @Test
    void methods_beforeLogin_failWithInvalidUser_andChangeNothing() {
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode send = callError(ddp, "sendMessage", obj("rid", channelId, "msg", "anonymous words"));
            assertThat(send.path("error").asText()).isEqualTo("error-invalid-user");
            for (String method : List.of("subscriptions/get", "rooms/get", "createDirectMessage", "loadHistory",
                    "setReaction", "deleteMessage", "updateMessage")) {
                assertThat(callError(ddp, method, obj()).path("error").asText()).as(method).isEqualTo("error-invalid-user");
            }
        }
        JsonNode history = quinn.get("/api/v1/channels.history?roomId=" + channelId).expectOk();
        assertThat(history.path("messages").toString()).doesNotContain("anonymous words");
    }

    @Test
    void logout_revokesTheToken_andLaterMethodsFail() {
        try (DdpClient ddp = server.ddp().handshake()) {
            String token = ddp.loginWithPassword("quinn", "quinn-pass").path("result").path("token").asText();
            callOk(ddp, "logout");
            server.client().withCredentials(quinn.userId(), token).get("/api/v1/me").expectError(401);
            callError(ddp, "subscriptions/get");
        }
        quinn.get("/api/v1/me").expectOk(); // other tokens of the same user are untouched
    }
}
