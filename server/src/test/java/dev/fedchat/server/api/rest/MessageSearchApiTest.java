package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/chat.search} (issue 13): what the query syntax finds, in which order, paged.
 * A private group of owner and member holds five messages, one a day from 14 September 2026
 * (UTC), on a manual clock, so the date operators can be checked exactly.
 */
class MessageSearchApiTest {
    private static final ManualClock clock = new ManualClock(Instant.parse("2026-09-14T10:00:00Z"));
    private static TestServer server;
    private static ApiClient owner;
    private static ApiClient member;
    private static String group;
    private static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(UnaryOperator.identity(), clock);
        owner = server.newUser("owner");
        member = server.newUser("member");
        group = owner.post("/api/v1/groups.create", obj("name", "launch", "members", List.of("member")))
                .expectOk().path("group").path("_id").asText();
        post(owner, "Deploy the RELEASE on Friday");                        // 14 Sep
        post(member, "release notes are ready: https://example.org/notes"); // 15 Sep
        post(owner, "@member please review the release notes");             // 16 Sep
        post(member, "Friday deploy postponed, no release");                // 17 Sep
        post(owner, "Notes on the release? Café tomorrow");                 // 18 Sep
    }

    private static void post(ApiClient author, String text) {
        ids.add(author.post("/api/v1/chat.postMessage", obj("roomId", group, "text", text))
                .expectOk().path("message").path("_id").asText());
        clock.advance(Duration.ofDays(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode search(ApiClient client, String roomId, String text, String extra) {
        return client.get("/api/v1/chat.search?roomId=" + roomId + "&searchText="
                + URLEncoder.encode(text, StandardCharsets.UTF_8) + extra).expectOk();
    }

    /** The numbers (1-5, by day) of the messages found, in the order given. */
    private static List<Integer> found(String text) {
        return found(text, "");
    }

    private static List<Integer> found(String text, String extra) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode m : search(member, group, text, extra).path("messages")) {
            out.add(ids.indexOf(m.path("_id").asText()) + 1);
        }
        return out;
    }

    @Test
    void words_matchWholeWordsInAnyCase_newestFirst() {
        assertThat(found("release")).containsExactly(5, 4, 3, 2, 1);
        assertThat(found("Friday DEPLOY")).containsExactly(4, 1);
        assertThat(found("café")).containsExactly(5);
        // a part of a word is not a word
        assertThat(found("releas")).isEmpty();
        assertThat(found("nowhere")).isEmpty();
    }

    @Test
    void quotedPhrases_matchTheWordsInThatOrder() {
        assertThat(found("\"release notes\"")).containsExactly(3, 2);
        assertThat(found("\"notes release\"")).isEmpty();
        assertThat(found("\"release notes\" review")).containsExactly(3);
    }

    @Test
    void from_findsTheAuthor_meIsTheCaller() {
        assertThat(found("from:owner")).containsExactly(5, 3, 1);
        assertThat(found("from:me release")).containsExactly(4, 2);
        assertThat(found("from:OWNER from:member friday")).containsExactly(4, 1);
        assertThat(found("from:nobody")).isEmpty();
    }

    @Test
    void mention_findsMessagesMentioningTheUser() {
        assertThat(found("mention:member")).containsExactly(3);
        assertThat(found("mention:owner")).isEmpty();
    }

    @Test
    void hasUrl_findsMessagesWithALink() {
        assertThat(found("has:url")).containsExactly(2);
        assertThat(found("has:link notes")).containsExactly(2);
    }

    @Test
    void dates_areWholeUtcDays() {
        assertThat(found("on:15/09/2026")).containsExactly(2);
        assertThat(found("before:16/09/2026 release")).containsExactly(2, 1);
        assertThat(found("after:16/09/2026")).containsExactly(5, 4);
        assertThat(found("after:2026-09-14 before:2026-09-17")).containsExactly(3, 2);
    }

    @Test
    void orderAsc_givesOldestFirst() {
        assertThat(found("release order:asc")).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void countAndOffset_pageTheResults() {
        assertThat(found("release", "&count=2")).containsExactly(5, 4);
        assertThat(found("release", "&count=2&offset=2")).containsExactly(3, 2);
        assertThat(found("release", "&count=2&offset=4")).containsExactly(1);
        assertThat(found("release", "&offset=5")).isEmpty();
    }

    @Test
    void starsAndPins_findWhatIsPinnedOrStarred_andNothingBefore() {
        assertThat(found("has:star")).isEmpty();
        assertThat(found("is:pinned release")).isEmpty();
        assertThat(found("has:location")).isEmpty();

        String third = ids.get(2);
        owner.post("/api/v1/chat.pinMessage", obj("messageId", third)).expectOk();
        member.post("/api/v1/chat.starMessage", obj("messageId", third)).expectOk();

        assertThat(found("has:star")).containsExactly(3);
        assertThat(found("is:pinned release")).containsExactly(3);
        // a star is the caller's own: the owner starred nothing
        assertThat(search(owner, group, "has:star", "").path("messages")).isEmpty();
    }

    @Test
    void results_haveTheMessageShapeOfChatGetMessage() {
        JsonNode hit = search(member, group, "review", "").path("messages");
        assertThat(hit).hasSize(1);
        JsonNode got = member.get("/api/v1/chat.getMessage?msgId=" + ids.get(2)).expectOk().path("message");
        assertThat(hit.get(0)).isEqualTo(got);
        assertThat(hit.get(0).path("mentions").get(0).path("username").asText()).isEqualTo("member");
    }
}
