package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins and stars through REST and DDP (issue 13 §1): an owner's pin is shown to every reader with
 * Rocket.Chat's {@code message_pinned} notice; a member who does not moderate cannot pin, and
 * nothing changes; a star is the caller's own list.
 */
class PinAndStarApiTest {
    private static TestServer server;
    private static ApiClient olga;
    private static ApiClient pete;
    private static ApiClient quinn;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        olga = server.newUser("olga");
        pete = server.newUser("pete");
        quinn = server.newUser("quinn");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anOwnersPin_isShownToEveryone_withItsNotice_andUnpinningRemovesIt() {
        String room = group("pinboard", "pete");
        String id = post(pete, room, "the wifi password is on the fridge");

        JsonNode pinned = olga.post("/api/v1/chat.pinMessage", obj("messageId", id)).expectOk().path("message");
        assertThat(pinned.path("pinned").asBoolean()).isTrue();
        assertThat(pinned.path("pinnedBy").path("username").asText()).isEqualTo("olga");
        JsonNode seen = pete.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message");
        assertThat(seen.path("pinned").asBoolean()).isTrue();
        assertThat(seen.path("pinnedAt").asText()).isEqualTo(pinned.path("pinnedAt").asText());

        JsonNode latest = pete.get("/api/v1/groups.history?roomId=" + room + "&count=1").expectOk().path("messages").path(0);
        assertThat(latest.path("t").asText()).isEqualTo("message_pinned");
        assertThat(latest.path("u").path("username").asText()).isEqualTo("olga");
        assertThat(latest.path("attachments").path(0).path("text").asText()).isEqualTo("the wifi password is on the fridge");
        assertThat(latest.path("attachments").path(0).path("author_name").asText()).isEqualTo("pete");
        assertThat(ids(pete.get("/api/v1/chat.getPinnedMessages?roomId=" + room).expectOk().path("messages")))
                .containsExactly(id);
        assertThat(ids(pete.get("/api/v1/chat.search?roomId=" + room + "&searchText=is:pinned").expectOk().path("messages")))
                .containsExactly(id);

        // pinning again changes nothing and posts no second notice
        long total = historyTotal(room);
        olga.post("/api/v1/chat.pinMessage", obj("messageId", id)).expectOk();
        assertThat(historyTotal(room)).isEqualTo(total);

        olga.post("/api/v1/chat.unPinMessage", obj("messageId", id)).expectOk();
        assertThat(pete.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message").has("pinned")).isFalse();
        JsonNode list = pete.get("/api/v1/chat.getPinnedMessages?roomId=" + room).expectOk();
        assertThat(list.path("messages")).isEmpty();
        assertThat(list.path("total").asInt()).isZero();
    }

    @Test
    void aMemberWhoDoesNotModerate_cannotPin_andNothingChanges() {
        String room = group("no-pins-for-you", "pete");
        String id = post(olga, room, "announcement");
        long total = historyTotal(room);

        JsonNode refused = pete.post("/api/v1/chat.pinMessage", obj("messageId", id)).expectError(403);
        assertThat(refused.path("errorType").asText()).isEqualTo("error-action-not-allowed");
        assertThat(quinn.get("/api/v1/chat.getPinnedMessages?roomId=" + room).status()).isEqualTo(403);
        olga.post("/api/v1/chat.pinMessage", obj("messageId", "no-such-message")).expectErrorType("error-invalid-message");
        olga.post("/api/v1/chat.pinMessage", obj()).expectErrorType("invalid-params");

        assertThat(historyTotal(room)).isEqualTo(total);
        assertThat(olga.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message").has("pinned")).isFalse();
    }

    @Test
    void stars_areEachReadersOwn_andOnlyMembersStar() {
        String room = group("starry", "pete", "quinn");
        String first = post(olga, room, "first");
        String second = post(olga, room, "second");

        pete.post("/api/v1/chat.starMessage", obj("messageId", first)).expectOk();
        pete.post("/api/v1/chat.starMessage", obj("messageId", second)).expectOk();
        quinn.post("/api/v1/chat.starMessage", obj("messageId", second)).expectOk();
        pete.post("/api/v1/chat.unStarMessage", obj("messageId", second)).expectOk();

        assertThat(ids(pete.get("/api/v1/chat.getStarredMessages?roomId=" + room).expectOk().path("messages")))
                .containsExactly(first);
        assertThat(ids(quinn.get("/api/v1/chat.getStarredMessages?roomId=" + room).expectOk().path("messages")))
                .containsExactly(second);
        // the search's has:star and is:pinned read the same marks
        assertThat(ids(pete.get("/api/v1/chat.search?roomId=" + room + "&searchText=has:star").expectOk().path("messages")))
                .containsExactly(first);
        JsonNode starred = olga.get("/api/v1/chat.getMessage?msgId=" + second).expectOk().path("message").path("starred");
        assertThat(starred.findValuesAsText("_id")).containsExactly(quinn.userId());

        String elsewhere = group("olgas-own");
        String hers = post(olga, elsewhere, "mine");
        JsonNode refused = pete.post("/api/v1/chat.starMessage", obj("messageId", hers)).expectError(403);
        assertThat(refused.path("errorType").asText()).isEqualTo("error-not-allowed");
        assertThat(olga.get("/api/v1/chat.getMessage?msgId=" + hers).expectOk().path("message").has("starred")).isFalse();
    }

    @Test
    void overDdp_pinAndStar() {
        String room = group("ddp-marks", "pete");
        String id = post(pete, room, "pin me over ddp");
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword("olga", "olga-pass");
            JsonNode pinned = ddp.call("pinMessage", obj("_id", id, "rid", room)).path("result");
            assertThat(pinned.path("pinned").asBoolean()).isTrue();
            assertThat(ddp.call("starMessage", obj("_id", id, "rid", room, "starred", true)).path("result").asBoolean())
                    .isTrue();
            assertThat(ddp.call("unpinMessage", obj("_id", id, "rid", room)).path("result").asBoolean()).isTrue();
        }
        JsonNode m = olga.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message");
        assertThat(m.has("pinned")).isFalse();
        assertThat(m.path("starred").findValuesAsText("_id")).containsExactly(olga.userId());
    }

    private static String group(String name, String... members) {
        return olga.post("/api/v1/groups.create", obj("name", name, "members", List.of(members)))
                .expectOk().path("group").path("_id").asText();
    }

    private static String post(ApiClient author, String room, String text) {
        return author.post("/api/v1/chat.sendMessage", obj("message", obj("rid", room, "msg", text)))
                .expectOk().path("message").path("_id").asText();
    }

    private static long historyTotal(String room) {
        return olga.get("/api/v1/groups.history?roomId=" + room).expectOk().path("total").asLong();
    }

    private static List<String> ids(JsonNode messages) {
        return StreamSupport.stream(messages.spliterator(), false).map(m -> m.path("_id").asText()).toList();
    }
}
