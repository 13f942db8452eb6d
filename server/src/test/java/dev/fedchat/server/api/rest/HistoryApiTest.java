package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code channels.history}, {@code groups.history} and {@code im.history} (client-api.md §2.5).
 * Five messages {@code m1..m5} are posted one second apart at {@code t1..t5} on a manual clock,
 * so the time bounds can be checked exactly.
 */
class HistoryApiTest {
    private static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    private static final ManualClock clock = new ManualClock(T0);
    private static TestServer server;
    private static ApiClient owner;
    private static ApiClient reader;
    private static String channel;
    private static String group;
    private static String dm;

    @BeforeAll
    static void start() {
        server = TestServer.start(UnaryOperator.identity(), clock);
        owner = server.newUser("owner");
        reader = server.newUser("reader");
        channel = owner.post("/api/v1/channels.create", obj("name", "timeline")).expectOk().path("channel").path("_id").asText();
        group = owner.post("/api/v1/groups.create", obj("name", "private-timeline", "members", List.of("reader")))
                .expectOk().path("group").path("_id").asText();
        dm = owner.post("/api/v1/im.create", obj("username", "reader")).expectOk().path("room").path("_id").asText();
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            for (String room : List.of(channel, group, dm)) {
                owner.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "m" + i)).expectOk();
            }
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void history_isNewestFirst_withCountOffsetAndTotal() {
        JsonNode all = reader.get("/api/v1/channels.history?roomId=" + channel).expectOk();
        assertThat(texts(all)).containsExactly("m5", "m4", "m3", "m2", "m1");
        assertThat(all.path("total").asInt()).isEqualTo(5);

        JsonNode page = reader.get("/api/v1/channels.history?roomId=" + channel + "&count=2&offset=2").expectOk();
        assertThat(texts(page)).containsExactly("m3", "m2");
        assertThat(page.path("count").asInt()).isEqualTo(2);
        assertThat(page.path("offset").asInt()).isEqualTo(2);
        assertThat(page.path("total").asInt()).isEqualTo(5);
    }

    @Test
    void latestAndOldest_areExclusiveUnlessInclusive() {
        String base = "/api/v1/channels.history?roomId=" + channel;

        assertThat(texts(reader.get(base + "&latest=" + t(4)).expectOk())).containsExactly("m3", "m2", "m1");
        assertThat(texts(reader.get(base + "&latest=" + t(4) + "&inclusive=true").expectOk()))
                .containsExactly("m4", "m3", "m2", "m1");
        assertThat(texts(reader.get(base + "&oldest=" + t(2)).expectOk())).containsExactly("m5", "m4", "m3");
        JsonNode window = reader.get(base + "&oldest=" + t(2) + "&latest=" + t(4) + "&inclusive=true").expectOk();
        assertThat(texts(window)).containsExactly("m4", "m3", "m2");
        assertThat(window.path("total").asInt()).isEqualTo(3);
        assertThat(texts(reader.get(base + "&oldest=" + t(2) + "&latest=" + t(4) + "&inclusive=false").expectOk()))
                .containsExactly("m3");
    }

    @Test
    void groupsAndImHistory_workTheSameForMembers() {
        JsonNode groupPage = reader.get("/api/v1/groups.history?roomId=" + group + "&count=3").expectOk();
        assertThat(texts(groupPage)).containsExactly("m5", "m4", "m3");
        assertThat(groupPage.path("total").asInt()).isEqualTo(5);

        assertThat(texts(reader.get("/api/v1/im.history?roomId=" + dm + "&latest=" + t(2)).expectOk()))
                .containsExactly("m1");
        assertThat(texts(reader.get("/api/v1/dm.history?roomId=" + dm + "&offset=4").expectOk())).containsExactly("m1");
        assertThat(texts(reader.get("/api/v1/groups.history?roomName=private-timeline&count=1").expectOk()))
                .containsExactly("m5");
    }

    @Test
    void aPublicChannelsHistory_isReadableByAnyone_butAGroupsOnlyByMembers() {
        ApiClient passerby = server.newUser("passerby");

        assertThat(texts(passerby.get("/api/v1/channels.history?roomId=" + channel).expectOk())).hasSize(5);
        JsonNode refused = passerby.get("/api/v1/groups.history?roomId=" + group).expectError(403);
        assertThat(refused.toString()).doesNotContain("m5");
        passerby.get("/api/v1/im.history?roomId=" + dm).expectError(403);
        server.client().get("/api/v1/channels.history?roomId=" + channel).expectError(401);
    }

    @Test
    void eachFamily_readsOnlyItsOwnRoomType() {
        reader.get("/api/v1/groups.history?roomId=" + channel).expectErrorType("error-room-not-found");
        reader.get("/api/v1/im.history?roomId=" + group).expectErrorType("error-room-not-found");
        reader.get("/api/v1/channels.history?roomId=" + dm).expectErrorType("error-room-not-found");
        reader.get("/api/v1/channels.history?roomId=AAAAAAAAAAAAAAAAA").expectErrorType("error-room-not-found");
        reader.get("/api/v1/channels.history").expectErrorType("error-room-param-not-provided");
    }

    @Test
    void badParameters_areInvalidParams() {
        String base = "/api/v1/channels.history?roomId=" + channel;
        reader.get(base + "&latest=yesterday").expectErrorType("invalid-params");
        reader.get(base + "&oldest=1700000000").expectErrorType("invalid-params");
        reader.get(base + "&count=-1").expectErrorType("invalid-params");
        reader.get(base + "&count=ten").expectErrorType("invalid-params");
        reader.get(base + "&offset=-3").expectErrorType("invalid-params");
    }

    /** The instant of message {@code i}. */
    private static Instant t(int i) {
        return T0.plusSeconds(i);
    }

    private static List<String> texts(JsonNode history) {
        List<String> texts = new ArrayList<>();
        history.path("messages").forEach(m -> texts.add(m.path("msg").asText()));
        return texts;
    }
}
