package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.History;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sending messages: {@code chat.postMessage} (webhook style) and {@code chat.sendMessage} (client
 * style), mentions, and what is refused (client-api.md §2.4). Changing messages is in
 * {@link MessageChangeApiTest}, reading history in {@link HistoryApiTest}.
 */
class ChatApiTest {
    private static TestServer server;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient mallory;
    private static String channel;
    private static String group;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        mallory = server.newUser("mallory");
        channel = alice.post("/api/v1/channels.create", obj("name", "town-square", "members", List.of("bob")))
                .expectOk().path("channel").path("_id").asText();
        group = alice.post("/api/v1/groups.create", obj("name", "back-room", "members", List.of("bob")))
                .expectOk().path("group").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void postMessage_byRoomId_answersTsChannelAndTheStoredMessage() {
        JsonNode body = alice.post("/api/v1/chat.postMessage", obj("roomId", channel, "text", "hello square",
                "alias", "Al", "emoji", ":wave:")).expectOk();

        JsonNode message = body.path("message");
        assertThat(body.path("channel").asText()).isEqualTo(channel);
        assertThat(body.path("ts").isNumber()).as("ts is epoch ms").isTrue();
        assertThat(message.path("rid").asText()).isEqualTo(channel);
        assertThat(message.path("msg").asText()).isEqualTo("hello square");
        assertThat(message.path("u").path("username").asText()).isEqualTo("alice");
        assertThat(message.path("alias").asText()).isEqualTo("Al");
        assertThat(message.path("ts").asText()).endsWith("Z");
        JsonNode stored = bob.get("/api/v1/chat.getMessage?msgId=" + message.path("_id").asText()).expectOk().path("message");
        assertThat(stored.path("msg").asText()).isEqualTo("hello square");
        assertThat(stored.path("emoji").asText()).isEqualTo(":wave:");
    }

    @Test
    void postMessage_byHashChannelName_postsInThatRoom() {
        JsonNode body = bob.post("/api/v1/chat.postMessage", obj("channel", "#back-room", "text", "psst")).expectOk();

        assertThat(body.path("channel").asText()).isEqualTo("#back-room");
        assertThat(body.path("message").path("rid").asText()).isEqualTo(group);
        assertThat(History.texts(alice, "groups", group)).contains("psst");
    }

    @Test
    void postMessage_toAtUsername_opensTheDirectMessage() {
        ApiClient dora = server.newUser("dora");

        JsonNode body = alice.post("/api/v1/chat.postMessage", obj("channel", "@dora", "text", "hi dora")).expectOk();

        String dm = Stream.of(alice.userId(), dora.userId()).sorted().reduce("", String::concat);
        assertThat(body.path("message").path("rid").asText()).isEqualTo(dm);
        assertThat(dora.get("/api/v1/im.list").expectOk().path("ims")).extracting(r -> r.path("_id").asText())
                .containsExactly(dm);
        assertThat(History.texts(dora, "im", dm)).containsExactly("hi dora");
    }

    @Test
    void postMessage_toAnArrayOfTargets_postsInEach_andAnswersTheFirst() {
        JsonNode body = alice.post("/api/v1/chat.postMessage", obj("roomId", List.of(channel, group),
                "text", "to both")).expectOk();

        assertThat(body.path("message").path("rid").asText()).isEqualTo(channel);
        assertThat(body.path("channel")).extracting(JsonNode::asText).containsExactly(channel, group);
        assertThat(History.texts(bob, "channels", channel)).contains("to both");
        assertThat(History.texts(bob, "groups", group)).contains("to both");
    }

    @Test
    void postMessage_toAnArrayWithOneBadTarget_postsNowhere() {
        alice.post("/api/v1/chat.postMessage", obj("channel", List.of("#town-square", "#nowhere"), "text", "half"))
                .expectErrorType("error-invalid-channel");
        String secret = mallory.post("/api/v1/groups.create", obj("name", "mallorys-den")).expectOk()
                .path("group").path("_id").asText();
        alice.post("/api/v1/chat.postMessage", obj("roomId", List.of(channel, secret), "text", "half")).expectError(403);
        alice.post("/api/v1/chat.postMessage", obj("roomId", List.of(channel, 5), "text", "half"))
                .expectErrorType("invalid-params");
        alice.post("/api/v1/chat.postMessage", obj("roomId", List.of(), "text", "half")).expectErrorType("invalid-params");

        assertThat(History.texts(bob, "channels", channel)).doesNotContain("half");
        assertThat(History.texts(mallory, "groups", secret)).isEmpty();
    }

    @Test
    void postMessage_toAnUnknownTargetOrWithoutOne_isRefused() {
        alice.post("/api/v1/chat.postMessage", obj("channel", "#nowhere", "text", "x")).expectErrorType("error-invalid-channel");
        alice.post("/api/v1/chat.postMessage", obj("roomId", "AAAAAAAAAAAAAAAAA", "text", "x"))
                .expectErrorType("error-invalid-channel");
        alice.post("/api/v1/chat.postMessage", obj("channel", "@nobody", "text", "x")).expectErrorType("error-invalid-user");
        alice.post("/api/v1/chat.postMessage", obj("text", "x")).expectErrorType("invalid-params");
        alice.post("/api/v1/chat.postMessage", obj("roomId", channel)).expectErrorType("invalid-params");
        alice.post("/api/v1/chat.postMessage", obj("roomId", channel, "text", 12)).expectErrorType("invalid-params");
        alice.post("/api/v1/chat.postMessage", "{\"roomId\":\"" + channel + "\",\"text\":\"cut").expectErrorType("invalid-params");
        server.client().post("/api/v1/chat.postMessage", obj("roomId", channel, "text", "anon")).expectError(401);

        assertThat(alice.get("/api/v1/im.list").expectOk().path("ims")).extracting(r -> r.path("usernames").toString())
                .noneMatch(names -> names.contains("nobody"));
        assertThat(History.texts(alice, "channels", channel)).doesNotContain("x", "anon");
    }

    @Test
    void postingInARoomOneIsNotIn_isRefused_andStoresNothing() {
        JsonNode publicRoom = mallory.post("/api/v1/chat.postMessage", obj("roomId", channel, "text", "spam"))
                .expectError(403);
        assertThat(publicRoom.path("errorType").asText()).isEqualTo("error-not-allowed");
        mallory.post("/api/v1/chat.postMessage", obj("channel", "#back-room", "text", "spam")).expectError(403);
        mallory.post("/api/v1/chat.sendMessage", obj("message", obj("rid", group, "msg", "spam"))).expectError(403);

        assertThat(History.texts(alice, "channels", channel)).doesNotContain("spam");
        assertThat(History.texts(alice, "groups", group)).doesNotContain("spam");
    }

    @Test
    void sendMessage_withAClientChosenId_isIdempotent_andToleratesAnExtraRoomId() {
        String id = "client-chosen-id-1";
        Object request = obj("message", obj("_id", id, "rid", channel, "roomId", channel, "msg", "only once"));

        JsonNode first = bob.post("/api/v1/chat.sendMessage", request).expectOk().path("message");
        JsonNode second = bob.post("/api/v1/chat.sendMessage", request).expectOk().path("message");

        assertThat(first.path("_id").asText()).isEqualTo(id);
        assertThat(second.path("_id").asText()).isEqualTo(id);
        assertThat(second.path("ts").asText()).isEqualTo(first.path("ts").asText());
        assertThat(second.has("roomId")).isFalse();
        assertThat(History.texts(alice, "channels", channel).stream().filter("only once"::equals)).hasSize(1);
    }

    @Test
    void sendMessage_reusingAnotherUsersId_orAnOverlongId_isRefused_andStoresNothing() {
        bob.post("/api/v1/chat.sendMessage", obj("message", obj("_id", "bobs-own-id", "rid", channel, "msg", "bob's")))
                .expectOk();

        alice.post("/api/v1/chat.sendMessage", obj("message", obj("_id", "bobs-own-id", "rid", channel, "msg", "hijack")))
                .expectErrorType("error-message-already-exists");
        alice.post("/api/v1/chat.sendMessage", obj("message", obj("_id", "x".repeat(65), "rid", channel, "msg", "long id")))
                .expectErrorType("invalid-params");
        alice.post("/api/v1/chat.sendMessage", obj("message", obj("_id", " ", "rid", channel, "msg", "blank id")))
                .expectErrorType("invalid-params");
        alice.post("/api/v1/chat.sendMessage", obj("message", obj("rid", channel, "tmid", "t".repeat(65), "msg", "long tmid")))
                .expectErrorType("invalid-params");

        assertThat(bob.get("/api/v1/chat.getMessage?msgId=bobs-own-id").expectOk().path("message").path("msg").asText())
                .isEqualTo("bob's");
        assertThat(History.texts(alice, "channels", channel)).doesNotContain("hijack", "long id", "blank id", "long tmid");
    }

    @Test
    void sendMessage_missingOrMistypedFields_areInvalidParams() {
        alice.post("/api/v1/chat.sendMessage", obj("rid", channel, "msg", "flat")).expectErrorType("invalid-params");
        alice.post("/api/v1/chat.sendMessage", obj("message", "text")).expectErrorType("invalid-params");
        alice.post("/api/v1/chat.sendMessage", obj("message", obj("msg", "no room"))).expectErrorType("invalid-params");
        alice.post("/api/v1/chat.sendMessage", obj("message", obj("rid", channel, "msg", List.of("a"))))
                .expectErrorType("invalid-params");
        alice.post("/api/v1/chat.sendMessage", obj("message", obj("rid", "AAAAAAAAAAAAAAAAA", "msg", "lost")))
                .expectErrorType("error-invalid-room");

        assertThat(History.texts(alice, "channels", channel)).doesNotContain("flat", "no room", "lost");
    }

    @Test
    void mentions_areParsedFromTheText_butNotFromEmailAddresses() {
        JsonNode message = alice.post("/api/v1/chat.postMessage", obj("roomId", channel,
                "text", "@bob look, and write to mail@bob.example or @nobody")).expectOk().path("message");

        assertThat(message.path("mentions")).extracting(m -> m.path("username").asText()).containsExactly("bob");
        assertThat(message.path("mentions").get(0).path("_id").asText()).isEqualTo(bob.userId());
        JsonNode plain = alice.post("/api/v1/chat.postMessage", obj("roomId", channel,
                "text", "write to mail@bob.example")).expectOk().path("message");
        assertThat(plain.path("mentions")).isEmpty();
        assertThat(bob.get("/api/v1/subscriptions.getOne?roomId=" + channel).expectOk().path("subscription")
                .path("userMentions").asInt()).isPositive();
    }

    @Test
    void atAllAndAtHere_countAsGroupMentions_untilTheRoomIsRead() {
        String room = alice.post("/api/v1/groups.create", obj("name", "all-hands", "members", List.of("bob")))
                .expectOk().path("group").path("_id").asText();
        alice.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "@all standup in 5")).expectOk();
        alice.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "@here anyone?")).expectOk();

        JsonNode sub = bob.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription");
        assertThat(sub.path("groupMentions").asInt()).isEqualTo(2);
        assertThat(sub.path("userMentions").asInt()).isZero();
        assertThat(alice.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription")
                .path("groupMentions").asInt()).as("the sender's own").isZero();

        bob.post("/api/v1/subscriptions.read", obj("rid", room)).expectOk();
        assertThat(bob.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription")
                .path("groupMentions").asInt()).isZero();
    }

    @Test
    void messageSize_isLimitedByMessageMaxAllowedSize() {
        String longest = "a".repeat(5000);
        alice.post("/api/v1/chat.postMessage", obj("roomId", group, "text", longest)).expectOk();

        alice.post("/api/v1/chat.postMessage", obj("roomId", group, "text", longest + "b"))
                .expectErrorType("error-message-size-exceeded");
        alice.post("/api/v1/chat.sendMessage", obj("message", obj("rid", group, "msg", longest + "c")))
                .expectErrorType("error-message-size-exceeded");

        assertThat(History.texts(alice, "groups", group)).contains(longest).doesNotContain(longest + "b", longest + "c");
    }
}
