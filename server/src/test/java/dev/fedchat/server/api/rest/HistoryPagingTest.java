package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Paging back through history with {@code latest} = the oldest {@code ts} seen, as clients do, shows
 * every message exactly once — even when the clock does not move between posts.
 */
class HistoryPagingTest {
    private static final ManualClock FROZEN = new ManualClock(Instant.parse("2026-11-27T12:00:00Z"));
    private static TestServer server;
    private static ApiClient poster;

    @BeforeAll
    static void start() {
        server = TestServer.start(UnaryOperator.identity(), FROZEN);
        poster = server.newUser("poster");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pagingByLatest_withAFrozenClock_showsEveryMessageOnce() {
        String room = poster.post("/api/v1/channels.create", obj("name", "same-millisecond")).expectOk()
                .path("channel").path("_id").asText();
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            posted.add(0, poster.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "m" + i)).expectOk()
                    .path("message").path("msg").asText());
        }

        List<String> seen = new ArrayList<>();
        String latest = "";
        for (int page = 0; page < 10; page++) {
            JsonNode messages = poster.get("/api/v1/channels.history?roomId=" + room + "&count=3"
                    + (latest.isEmpty() ? "" : "&latest=" + latest)).expectOk().path("messages");
            if (messages.isEmpty()) {
                break;
            }
            messages.forEach(m -> seen.add(m.path("msg").asText()));
            latest = messages.get(messages.size() - 1).path("ts").asText();
        }
        assertThat(seen).containsExactlyElementsOf(posted);
    }
}
