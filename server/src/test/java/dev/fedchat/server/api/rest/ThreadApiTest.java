package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.History;
import dev.fedchat.server.testing.Notifications;
import dev.fedchat.server.testing.TestServer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Threads through REST and DDP (issue 13 §1): a reply's {@code tmid} counts in the parent's
 * {@code tcount}, {@code tlm} and {@code replies}, the thread lists and reads as Rocket.Chat's
 * {@code chat.getThreadsList} and {@code chat.getThreadMessages} do, followers are notified, and a
 * reply to nothing is refused with nothing stored.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadApiTest {
    private static final Object NO_ARGS = obj("useCollection", false, "args", List.of());

    private static TestServer server;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient carol;
    private static ApiClient mallory;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        alice = server.newUser("alice");
        bob = server.newUser("bob");
        carol = server.newUser("carol");
        mallory = server.newUser("mallory");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aReply_countsInItsParent_andTheThreadListsAndReads() {
        String room = group("counted", "bob", "carol");
        String parent = post(alice, room, "release plan?", null);
        String first = post(bob, room, "friday", parent);
        String second = post(carol, room, "monday", parent);

        JsonNode p = message(alice, parent);
        assertThat(p.path("tcount").asInt()).isEqualTo(2);
        assertThat(Instant.parse(p.path("tlm").asText())).isEqualTo(Instant.parse(message(alice, second).path("ts").asText()));
        assertThat(p.path("replies")).extracting(JsonNode::asText)
                .containsExactly(alice.userId(), bob.userId(), carol.userId());
        assertThat(message(alice, first).path("tmid").asText()).isEqualTo(parent);

        JsonNode list = alice.get("/api/v1/chat.getThreadsList?rid=" + room).expectOk();
        assertThat(ids(list.path("threads"))).containsExactly(parent);
        assertThat(list.path("total").asInt()).isEqualTo(1);
        JsonNode replies = alice.get("/api/v1/chat.getThreadMessages?tmid=" + parent).expectOk();
        assertThat(replies.path("messages").findValues("msg")).extracting(JsonNode::asText).containsExactly("friday", "monday");
        assertThat(replies.path("total").asInt()).isEqualTo(2);
        // the thread's messages are the room's too: the main history holds every one
        assertThat(History.texts(alice, "groups", room)).contains("friday", "monday");
    }

    @Test
    void aReplyToAReply_goesIntoTheRootThread() {
        String room = group("nested", "bob");
        String parent = post(alice, room, "root", null);
        String reply = post(bob, room, "first answer", parent);
        String nested = post(alice, room, "answer to the answer", reply);

        assertThat(message(alice, nested).path("tmid").asText()).isEqualTo(parent);
        assertThat(message(alice, parent).path("tcount").asInt()).isEqualTo(2);
        assertThat(message(alice, reply).has("tcount")).isFalse();
    }

    @Test
    void aReplyToAMessageNotInTheRoom_isRefused_andNothingIsStored() {
        String room = group("strays", "bob");
        String elsewhere = group("elsewhere", "bob");
        String other = post(alice, elsewhere, "in another room", null);
        long before = alice.get("/api/v1/groups.history?roomId=" + room).expectOk().path("total").asLong();

        for (String tmid : List.of(other, "no-such-message")) {
            JsonNode refused = alice.post("/api/v1/chat.sendMessage", obj("message", obj("rid", room, "msg", "lost?",
                    "tmid", tmid))).expectErrorType("error-invalid-message");
            assertThat(refused.path("error").asText()).contains("Invalid thread");
        }
        assertThat(alice.get("/api/v1/groups.history?roomId=" + room).expectOk().path("total").asLong()).isEqualTo(before);
        assertThat(message(alice, other).has("tcount")).isFalse();
    }

    @Test
    void deletingAReply_countsTheThreadAgain() {
        String room = group("shrinking", "bob");
        String parent = post(alice, room, "vote", null);
        String early = post(bob, room, "yes", parent);
        String late = post(bob, room, "no, wait", parent);

        bob.post("/api/v1/chat.delete", obj("roomId", room, "msgId", late)).expectOk();

        JsonNode p = message(alice, parent);
        assertThat(p.path("tcount").asInt()).isEqualTo(1);
        assertThat(Instant.parse(p.path("tlm").asText())).isEqualTo(Instant.parse(message(alice, early).path("ts").asText()));
        assertThat(ids(alice.get("/api/v1/chat.getThreadMessages?tmid=" + parent).expectOk().path("messages")
                )).containsExactly(early);
    }

    @Test
    void followers_areNotifiedOfReplies_andUnfollowingStopsIt() {
        String room = group("followed", "bob", "carol");
        String parent = post(alice, room, "who is in?", null);
        carol.post("/api/v1/chat.followMessage", obj("mid", parent)).expectOk();
        assertThat(message(alice, parent).path("replies")).extracting(JsonNode::asText).containsExactly(carol.userId());
        JsonNode following = carol.get("/api/v1/chat.getThreadsList?rid=" + room + "&type=following").expectOk();
        // a thread without replies is not listed yet; following shows once it has one
        assertThat(following.path("threads")).isEmpty();

        try (DdpClient carolLive = Notifications.listen(server, "carol", carol.userId())) {
            String answer = post(bob, room, "me", parent);
            carolLive.await(f -> Notifications.isOf(f, carol.userId(), answer));
            assertThat(ids(carol.get("/api/v1/chat.getThreadsList?rid=" + room + "&type=following").expectOk()
                    .path("threads"))).containsExactly(parent);
            assertThat(bob.get("/api/v1/chat.getThreadsList?rid=" + room + "&type=unread").expectOk()
                    .path("threads")).as("bob replied last and has read nothing since").hasSize(1);

            carol.post("/api/v1/chat.unfollowMessage", obj("mid", parent)).expectOk();
            String quiet = post(bob, room, "me too", parent);
            String marker = post(bob, room, "@carol marker", null);
            carolLive.await(f -> Notifications.isOf(f, carol.userId(), marker));
            assertThat(carolLive.received()).noneMatch(f -> Notifications.isOf(f, carol.userId(), quiet));
        }
        assertThat(carol.get("/api/v1/chat.getThreadsList?rid=" + room + "&type=following").expectOk()
                .path("threads")).isEmpty();
    }

    @Test
    void followingNeedsMembership_andBadParametersAreRefused() {
        String room = group("members-only", "bob");
        String parent = post(alice, room, "private", null);

        assertThat(mallory.post("/api/v1/chat.followMessage", obj("mid", parent)).expectError(403).path("errorType").asText())
                .isEqualTo("error-not-allowed");
        mallory.get("/api/v1/chat.getThreadMessages?tmid=" + parent).expectError(403);
        mallory.get("/api/v1/chat.getThreadsList?rid=" + room).expectError(403);
        alice.get("/api/v1/chat.getThreadsList?rid=" + room + "&type=sideways").expectErrorType("invalid-params");
        alice.post("/api/v1/chat.followMessage", obj("mid", "no-such-message")).expectErrorType("error-invalid-message");
        assertThat(message(alice, parent).has("replies")).isFalse();
    }

    @Test
    void overDdp_threadsListAndRead_andTheParentsNewCountIsStreamed() {
        String room = group("realtime", "bob");
        String parent = post(alice, room, "live thread", null);
        try (DdpClient ddp = server.ddp().handshake()) {
            ddp.loginWithPassword("alice", "alice-pass");
            assertThat(ddp.subscribe("stream-room-messages", room, NO_ARGS).path("msg").asText()).isEqualTo("ready");
            String reply = post(bob, room, "live reply", parent);

            JsonNode streamed = ddp.await(f -> f.path("msg").asText().equals("changed")
                    && f.path("fields").path("args").path(0).path("_id").asText().equals(parent)
                    && f.path("fields").path("args").path(0).path("tcount").asInt() == 1);
            assertThat(streamed.path("fields").path("args").path(0).path("replies")).extracting(JsonNode::asText)
                    .containsExactly(alice.userId(), bob.userId());

            JsonNode replies = ddp.call("getThreadMessages", obj("tmid", parent)).path("result");
            assertThat(ids(replies)).containsExactly(reply);
            JsonNode threads = ddp.call("getThreadsList", obj("rid", room, "limit", 10)).path("result");
            assertThat(ids(threads)).containsExactly(parent);
            assertThat(ddp.call("unfollowMessage", obj("mid", parent)).path("result").asBoolean()).isTrue();
        }
        assertThat(message(alice, parent).path("replies")).extracting(JsonNode::asText).containsExactly(bob.userId());
    }

    private static String group(String name, String... members) {
        return alice.post("/api/v1/groups.create", obj("name", name, "members", List.of(members)))
                .expectOk().path("group").path("_id").asText();
    }

    private static String post(ApiClient author, String room, String text, String tmid) {
        Object message = tmid == null ? obj("rid", room, "msg", text) : obj("rid", room, "msg", text, "tmid", tmid);
        return author.post("/api/v1/chat.sendMessage", obj("message", message)).expectOk().path("message").path("_id").asText();
    }

    private static JsonNode message(ApiClient reader, String id) {
        return reader.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message");
    }

    private static List<String> ids(JsonNode messages) {
        return java.util.stream.StreamSupport.stream(messages.spliterator(), false).map(m -> m.path("_id").asText()).toList();
    }

}
