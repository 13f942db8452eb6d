package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionApiTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(c -> c.withLoginLimit(new ServerConfig.LoginLimit(3, 1000, 60_000)));
        server.newUser("carol");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void login_withUser_answersTokenAndMe() {
        JsonNode body = server.client().post("/api/v1/login", obj("user", "carol", "password", "carol-pass")).expectOk();
        assertThat(body.path("status").asText()).isEqualTo("success");
        JsonNode data = body.path("data");
        assertThat(data.path("authToken").asText()).hasSizeGreaterThan(20);
        assertThat(data.path("me").path("username").asText()).isEqualTo("carol");
        assertThat(data.path("me").path("_id").asText()).isEqualTo(data.path("userId").asText());
        assertThat(data.path("me").toString()).doesNotContain("$2a$").doesNotContain("bcrypt");
    }

    @Test
    void login_acceptsUsernameEmailAndResume() {
        server.client().post("/api/v1/login", obj("username", "carol", "password", "carol-pass")).expectOk();
        server.client().post("/api/v1/login", obj("email", "CAROL@test.example", "password", "carol-pass")).expectOk();
        JsonNode first = server.client().post("/api/v1/login", obj("user", "carol@test.example", "password", "carol-pass"))
                .expectOk();
        JsonNode resumed = server.client().post("/api/v1/login",
                obj("resume", first.path("data").path("authToken").asText())).expectOk();
        assertThat(resumed.path("data").path("userId").asText()).isEqualTo(first.path("data").path("userId").asText());
    }

    @Test
    void login_withPasswordDigestObject_works() {
        server.client().post("/api/v1/login", obj("user", "carol",
                "password", obj("digest", dev.fedchat.server.testing.DdpClient.sha256("carol-pass"), "algorithm", "sha-256")))
                .expectOk();
    }

    @Test
    void login_wrongPassword_is401Unauthorized() {
        JsonNode body = server.client().post("/api/v1/login", obj("user", "admin", "password", "nope")).expectError(401);
        assertThat(body.path("error").asText()).isEqualTo("Unauthorized");
        assertThat(body.path("status").asText()).isEqualTo("error");
    }

    @Test
    void login_repeatedFailures_areRateLimitedWith429() {
        server.newUser("victim");
        for (int i = 0; i < 3; i++) {
            server.client().post("/api/v1/login", obj("user", "victim", "password", "guess" + i)).expectError(401);
        }
        ApiResponse limited = server.client().post("/api/v1/login", obj("user", "victim", "password", "victim-pass"));
        limited.expectError(429);
        assertThat(limited.body().path("error").asText()).contains("error-too-many-requests");
        assertThat(limited.headers().firstValue("X-RateLimit-Limit")).contains("3");
    }

    @Test
    void login_malformedOrIncompleteBody_is400() {
        server.client().post("/api/v1/login", "{not json").expectErrorType("invalid-params");
        server.client().post("/api/v1/login", "[1,2]").expectErrorType("invalid-params");
        server.client().post("/api/v1/login", obj("user", "carol")).expectErrorType("invalid-params");
    }

    @Test
    void me_needsAValidToken() {
        ApiClient carol = server.client().login("carol", "carol-pass");
        assertThat(carol.get("/api/v1/me").expectOk().path("username").asText()).isEqualTo("carol");
        server.client().get("/api/v1/me").expectError(401);
        carol.withCredentials(carol.userId(), "forged-token").get("/api/v1/me").expectError(401);
    }

    @Test
    void logout_byPostOrGet_revokesOnlyThatToken() {
        ApiClient a = server.client().login("carol", "carol-pass");
        ApiClient b = server.client().login("carol", "carol-pass");
        JsonNode out = a.post("/api/v1/logout", obj()).expectOk();
        assertThat(out.path("data").path("message").asText()).isEqualTo("You've been logged out!");
        a.get("/api/v1/me").expectError(401);
        b.get("/api/v1/me").expectOk();
        b.get("/api/v1/logout").expectOk();
        b.get("/api/v1/me").expectError(401);
    }

    @Test
    void info_reportsARocketChatVersion() {
        JsonNode info = server.client().get("/api/info").expectOk();
        assertThat(info.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+");
    }

    @Test
    void unknownEndpoint_is404Envelope() {
        server.client().get("/api/v1/no.such.thing").expectError(404);
    }
}
