package dev.fedchat.server.api.rest;

import static dev.fedchat.server.api.rest.MessageSearchApiTest.search;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code chat.search} (issue 13): who may search a room, what bad input is answered, and that the
 * index follows edits and deletes at once (the database keeps it in the write's transaction).
 */
class MessageSearchAccessTest {
    private static TestServer server;
    private static ApiClient owner;
    private static ApiClient member;
    private static ApiClient outsider;
    private static String group;
    private static String channel;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.newUser("owner");
        member = server.newUser("member");
        outsider = server.newUser("outsider");
        group = owner.post("/api/v1/groups.create", obj("name", "secret", "members", List.of("member")))
                .expectOk().path("group").path("_id").asText();
        channel = owner.post("/api/v1/channels.create", obj("name", "lobby")).expectOk().path("channel").path("_id").asText();
        owner.post("/api/v1/chat.postMessage", obj("roomId", group, "text", "the vault code is kiwi")).expectOk();
        owner.post("/api/v1/chat.postMessage", obj("roomId", channel, "text", "kiwi for everyone")).expectOk();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> texts(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.path("messages").forEach(m -> out.add(m.path("msg").asText()));
        return out;
    }

    private static String path(String roomId, String text) {
        return "/api/v1/chat.search?roomId=" + roomId + "&searchText=" + text;
    }

    @Test
    void aMember_findsMessages_andAnyoneFindsThoseOfAPublicChannel() {
        assertThat(texts(search(member, group, "kiwi", ""))).containsExactly("the vault code is kiwi");
        assertThat(texts(search(outsider, channel, "kiwi", ""))).containsExactly("kiwi for everyone");
    }

    @Test
    void whoNeverJoined_isRefused_exactlyAsForARoomThatDoesNotExist() {
        JsonNode refused = outsider.get(path(group, "kiwi")).expectError(403);
        assertThat(refused.path("errorType").asText()).isEqualTo("error-not-allowed");
        JsonNode unknown = outsider.get(path("NoSuchRoomAtAll1", "kiwi")).expectError(403);
        assertThat(unknown).isEqualTo(refused);
    }

    @Test
    void whoLeftTheRoom_getsNothingMore() {
        ApiClient leaver = server.newUser("leaver");
        String room = owner.post("/api/v1/groups.create", obj("name", "temporary", "members", List.of("leaver")))
                .expectOk().path("group").path("_id").asText();
        owner.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "papaya plans")).expectOk();
        assertThat(texts(search(leaver, room, "papaya", ""))).containsExactly("papaya plans");

        leaver.post("/api/v1/groups.leave", obj("roomId", room)).expectOk();

        leaver.get(path(room, "papaya")).expectError(403);
    }

    @Test
    void anEdit_isFoundByItsNewWords_andNoLongerByItsOldOnes() {
        String id = member.post("/api/v1/chat.postMessage", obj("roomId", group, "text", "meet at the marmalade stand"))
                .expectOk().path("message").path("_id").asText();
        assertThat(texts(search(member, group, "marmalade", ""))).hasSize(1);

        member.post("/api/v1/chat.update", obj("roomId", group, "msgId", id, "text", "meet at the quince stand")).expectOk();

        assertThat(texts(search(member, group, "marmalade", ""))).isEmpty();
        JsonNode edited = search(member, group, "quince", "").path("messages");
        assertThat(edited).hasSize(1);
        assertThat(edited.get(0).path("_id").asText()).isEqualTo(id);
        assertThat(edited.get(0).has("editedAt")).isTrue();
    }

    @Test
    void aDeletedMessage_isNotFound() {
        String id = member.post("/api/v1/chat.postMessage", obj("roomId", group, "text", "rhubarb secret"))
                .expectOk().path("message").path("_id").asText();
        assertThat(texts(search(member, group, "rhubarb", ""))).hasSize(1);

        member.post("/api/v1/chat.delete", obj("roomId", group, "msgId", id)).expectOk();

        assertThat(texts(search(member, group, "rhubarb", ""))).isEmpty();
        assertThat(texts(search(member, group, "from:me", ""))).doesNotContain("rhubarb secret");
    }

    @Test
    void aReaction_leavesTheMessageFoundOnce() {
        String id = owner.post("/api/v1/chat.postMessage", obj("roomId", group, "text", "lychee season"))
                .expectOk().path("message").path("_id").asText();
        member.post("/api/v1/chat.react", obj("messageId", id, "emoji", ":tada:")).expectOk();
        JsonNode found = search(member, group, "lychee", "").path("messages");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("reactions").has(":tada:")).isTrue();
    }

    @Test
    void missingParameters_getRocketChatsErrors() {
        member.get("/api/v1/chat.search?searchText=kiwi").expectErrorType("error-roomId-param-not-provided");
        member.get("/api/v1/chat.search?roomId=" + group).expectErrorType("error-searchText-param-not-provided");
        member.get(path(group, "%20%20")).expectErrorType("error-searchText-param-not-provided");
        server.client().get(path(group, "kiwi")).expectError(401);
    }

    @Test
    void aPageOutOfRange_isRefused() {
        for (String page : List.of("&count=0", "&count=101", "&offset=-1", "&count=ten")) {
            JsonNode refused = member.get(path(group, "kiwi") + page).expectErrorType("invalid-params");
            assertThat(refused.path("error").asText()).containsAnyOf("count", "offset");
        }
        assertThat(search(member, group, "kiwi", "&count=100").path("messages")).hasSize(1);
    }

    @Test
    void aMalformedOperator_isRefusedWithTheReason() {
        JsonNode refused = member.get(path(group, "before:yesterday")).expectErrorType("invalid-params");
        assertThat(refused.path("error").asText()).contains("before:").contains("date");
        member.get(path(group, "has:emoji")).expectErrorType("invalid-params");
        // an unknown key is text, as in Rocket.Chat: nothing is refused and nothing matches
        assertThat(texts(search(member, group, "re:kiwi", ""))).isEmpty();
    }
}
