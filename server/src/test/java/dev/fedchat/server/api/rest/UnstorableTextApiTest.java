package dev.fedchat.server.api.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text no database can store (U+0000, which PostgreSQL's text cannot hold; an unpaired surrogate,
 * which is no character) is refused at the edge with a 400 naming the field, in each dialect, and
 * changes nothing: query and path parameters, headers, JSON bodies and DDP frames. Run on
 * PostgreSQL too ({@code -Dfedchat.test.db=postgresql}), where it used to be a 500.
 */
class UnstorableTextApiTest {
    private static TestServer server;
    private static ApiClient alice;
    private static String roomId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.newUser("alice");
        roomId = alice.post("/api/v1/groups.create", java.util.Map.of("name", "plans")).expectOk().path("group").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/users.info?userId=a%00b", "/api/v1/users.info?username=%00",
            "/api/v1/rooms.info?roomId=%00", "/api/v1/groups.members?roomId=x%00", "/api/v1/channels.members?roomName=%00",
            "/api/v1/chat.syncMessages?roomId=%00&lastUpdate=2026-01-01T00:00:00.000Z", "/api/v1/spotlight?query=%00",
            "/api/v1/federation.users.search?username=%00", "/api/v1/federation.users.getByUsername?username=bob%00",
            "/api/v1/federation.uploads?upload_id=%00", "/api/v1/users.info?a%00=b"})
    void aNulInAQueryOrPathParameter_isRefusedWith400NamingIt(String path) {
        StateSnapshot before = StateSnapshot.of(server);

        JsonNode body = alice.get(path).expectError(400);

        assertThat(body.path("errorType").asText()).isEqualTo("invalid-params");
        assertThat(body.path("error").asText()).contains("NUL character (U+0000)").contains("query parameter");
        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void aNulInAPath_isRefusedWith400BeforeAnyRoute() {
        StateSnapshot before = StateSnapshot.of(server);

        // Jetty refuses an encoded NUL in a path itself, in its own page; our check of path
        // parameters (RequestText) is the net for what it lets through
        assertThat(alice.get("/file-upload/a%00b/name.txt").status()).isEqualTo(400);
        assertThat(alice.get("/api/v1/settings/Site%00Url").status()).isEqualTo(400);
        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"roomId\":\"ROOM\",\"text\":\"hi\\u0000\"}", "{\"roomId\":\"ROOM\",\"text\":\"\\ud800\"}",
            "{\"roomId\":\"ROOM\\u0000\",\"text\":\"hi\"}", "{\"roomId\":\"ROOM\",\"text\":\"hi\",\"attachments\":[{\"t\\u0000\":1}]}",
            "{\"roomId\":\"ROOM\",\"text\":\"\\udc00\\ud800\"}"})
    void unstorableTextInAJsonBody_isRefusedWith400NamingTheField(String template) {
        StateSnapshot before = StateSnapshot.of(server);

        JsonNode body = alice.post("/api/v1/chat.postMessage", template.replace("ROOM", roomId)).expectError(400);

        assertThat(body.path("errorType").asText()).isEqualTo("invalid-params");
        assertThat(body.path("error").asText()).startsWith("The body's field '").containsAnyOf("U+0000", "unpaired surrogate");
        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void aSurrogatePair_isACharacterAndIsStored() {
        String text = "a clef \ud834\udd1e";

        JsonNode posted = alice.post("/api/v1/chat.postMessage", java.util.Map.of("roomId", roomId, "text", text)).expectOk();

        String id = posted.path("message").path("_id").asText();
        assertThat(alice.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message").path("msg").asText()).isEqualTo(text);
    }

    @Test
    void aNulInTheLoginBody_isRefusedAs400_notALoginFailure() {
        JsonNode body = server.client().post("/api/v1/login", "{\"user\":\"alice\\u0000\",\"password\":\"x\"}").expectError(400);

        assertThat(body.path("error").asText()).contains("'user'");
    }

    @Test
    void aNulInTheUserIdHeader_isRefusedBeforeAuthentication() throws IOException {
        URI base = URI.create(server.url());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\nX-User-Id: a\u0000b\r\nX-Auth-Token: t\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

            // Jetty may refuse the header itself; either way a 400, never a 500 or a 401
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void aNulInADdpMethodCall_isAnswered400InMeteorsShape() {
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword("alice", "alice-pass");
            StateSnapshot before = StateSnapshot.of(server);

            JsonNode result = ddp.call("sendMessage", java.util.Map.of("rid", roomId, "msg", "hi\u0000"));

            assertThat(result.path("error").path("error").asText()).isEqualTo("invalid-params");
            assertThat(result.path("error").path("reason").asText())
                    .isEqualTo("The frame's field 'params[0].msg' holds a NUL character (U+0000), which cannot be stored");
            assertThat(result.path("error").path("errorType").asText()).isEqualTo("Meteor.Error");
            StateSnapshot.of(server).assertUnchangedSince(before);
        }
    }
}
