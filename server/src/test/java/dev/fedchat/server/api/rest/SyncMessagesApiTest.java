package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code chat.syncMessages}: a client catching up on a room learns what changed and what was deleted. */
class SyncMessagesApiTest {
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    private static TestServer server;
    private static ApiClient alice;
    private static ApiClient stranger;
    private static String room;

    @BeforeAll
    static void start() {
        server = TestServer.start(UnaryOperator.identity(), CLOCK);
        alice = server.newUser("alice");
        stranger = server.newUser("stranger");
        room = alice.post("/api/v1/groups.create", obj("name", "synced")).expectOk().path("group").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void sync_reportsChangesAndDeletionsAfterLastUpdate() {
        String untouched = post("before the sync point");
        String edited = post("will be edited");
        String deleted = post("will be deleted");
        CLOCK.advance(Duration.ofMinutes(1));
        String lastUpdate = CLOCK.instant().toString();
        CLOCK.advance(Duration.ofMinutes(1));
        alice.post("/api/v1/chat.update", obj("roomId", room, "msgId", edited, "text", "edited")).expectOk();
        alice.post("/api/v1/chat.delete", obj("roomId", room, "msgId", deleted)).expectOk();
        CLOCK.advance(Duration.ofMinutes(1)); // changes are listed oldest first: give the new post a later time
        String fresh = post("after the sync point");

        JsonNode result = alice.get("/api/v1/chat.syncMessages?roomId=" + room + "&lastUpdate=" + lastUpdate)
                .expectOk().path("result");

        assertThat(result.path("updated")).extracting(m -> m.path("_id").asText())
                .containsExactly(edited, fresh).doesNotContain(untouched);
        assertThat(result.path("updated").path(0).path("msg").asText()).isEqualTo("edited");
        assertThat(result.path("deleted")).extracting(d -> d.path("_id").asText()).containsExactly(deleted);
        assertThat(result.path("deleted").path(0).path("_deletedAt").asText()).isEqualTo("2026-11-27T10:02:00.000Z");
    }

    @Test
    void sync_needsReadAccessAndADate() {
        stranger.get("/api/v1/chat.syncMessages?roomId=" + room + "&lastUpdate=2026-01-01T00:00:00Z").expectError(403);
        alice.get("/api/v1/chat.syncMessages?roomId=" + room + "&lastUpdate=soon").expectErrorType("invalid-params");
        alice.get("/api/v1/chat.syncMessages?roomId=" + room).expectErrorType("invalid-params");
        alice.get("/api/v1/chat.syncMessages?roomId=nope&lastUpdate=2026-01-01T00:00:00Z").expectErrorType("error-invalid-room");
    }

    private static String post(String text) {
        return alice.post("/api/v1/chat.postMessage", obj("roomId", room, "text", text)).expectOk()
                .path("message").path("_id").asText();
    }
}
