package dev.fedchat.server.api.rest;

import static dev.fedchat.server.api.rest.MessageSearchApiTest.search;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /regular expression/} searches (issue 13): Rocket.Chat allows them; here they run in
 * Java, bounded, so a hostile pattern is refused instead of holding a thread. The server runs on
 * the real clock, since the bound is the server's time budget.
 */
class MessageSearchRegexTest {
    private static TestServer server;
    private static ApiClient owner;
    private static String group;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.newUser("owner");
        group = owner.post("/api/v1/groups.create", obj("name", "patterns")).expectOk().path("group").path("_id").asText();
        for (String text : List.of("colour blue", "COLOR   BLUE", "colr blue", "a".repeat(40))) {
            owner.post("/api/v1/chat.postMessage", obj("roomId", group, "text", text)).expectOk();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> texts(String regex, String extra) {
        List<String> out = new ArrayList<>();
        search(owner, group, regex, extra).path("messages").forEach(m -> out.add(m.path("msg").asText()));
        return out;
    }

    @Test
    void aRegularExpression_matchesTheText_withItsFlags_newestFirst() {
        assertThat(texts("/colou?r\\s+blue/i", "")).containsExactly("COLOR   BLUE", "colour blue");
        assertThat(texts("/colou?r blue/", "")).containsExactly("colour blue");
        assertThat(texts("/^colr/", "")).containsExactly("colr blue");
    }

    @Test
    void aRegularExpression_pagesAndCombinesWithOtherFilters() {
        assertThat(texts("/blue/i", "&count=1&offset=1")).containsExactly("COLOR   BLUE");
        assertThat(texts("from:me /blue/i order:asc", "&count=2")).containsExactly("colour blue", "COLOR   BLUE");
        assertThat(texts("from:nobody /blue/", "")).isEmpty();
    }

    @Test
    void aCatastrophicPattern_isStoppedAndRefused() {
        // (.*a){10}x on 40 a's tries every way of cutting them in ten: minutes without the bound
        JsonNode refused = owner.get("/api/v1/chat.search?roomId=" + group + "&searchText="
                + URLEncoder.encode("/(.*a){10}x/", StandardCharsets.UTF_8)).expectErrorType("error-invalid-params");
        assertThat(refused.path("error").asText()).contains("regular expression took longer");

        // the server goes on answering
        assertThat(texts("/colr/", "")).containsExactly("colr blue");
    }

    @Test
    void anInvalidPattern_isRefused() {
        JsonNode refused = owner.get("/api/v1/chat.search?roomId=" + group + "&searchText="
                + URLEncoder.encode("/(blue/", StandardCharsets.UTF_8)).expectErrorType("invalid-params");
        assertThat(refused.path("error").asText()).contains("Not a valid regular expression");
    }
}
