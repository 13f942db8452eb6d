package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSON bodies are bounded: an oversized one is refused with 413 before it is parsed, and changes nothing. */
class BodyLimitApiTest {
    private static TestServer server;
    private static ApiClient alice;
    private static String room;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.newUser("alice");
        room = alice.post("/api/v1/channels.create", obj("name", "bounded")).expectOk().path("channel").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void oversizedJsonBody_is413AndStoresNothing() {
        int before = total();
        String huge = "x".repeat(RequestReader.MAX_JSON_BODY_BYTES);
        JsonNode body = alice.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "hi",
                "attachments", List.of(obj("text", huge)))).expectError(413);
        assertThat(body.path("errorType").asText()).isEqualTo("error-request-too-large");
        assertThat(total()).isEqualTo(before);
    }

    @Test
    void oversizedChunkedBody_withoutContentLength_isRefusedToo() {
        int before = total();
        byte[] big = ("{\"roomId\":\"" + room + "\",\"text\":\"" + "y".repeat(RequestReader.MAX_JSON_BODY_BYTES) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // a publisher of unknown length makes the client send the body chunked, with no Content-Length
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big));
        alice.send(alice.request("/api/v1/chat.postMessage").header("Content-Type", "application/json").POST(chunked))
                .expectError(413);
        assertThat(total()).isEqualTo(before);
    }

    private static int total() {
        return alice.get("/api/v1/channels.history?roomId=" + room).expectOk().path("total").asInt();
    }

    @Test
    void bodyJustUnderTheLimit_isRead() {
        alice.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "small",
                "attachments", List.of(obj("text", "z".repeat(100_000))))).expectOk();
    }
}
