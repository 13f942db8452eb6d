package dev.fedchat.server.federation;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.NodeRocketChatPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fedchat servers and a Rocket.Chat 3.x server hold direct conversations (issue 4 §6). The
 * Rocket.Chat side is {@link NodeRocketChatPeer}: a Node process that encrypts with node-rsa 1.1.1,
 * names events and shapes users, rooms and messages as Rocket.Chat's federation code did, and
 * applies what it receives with Rocket.Chat's dispatch handlers. All find each other in one dnsmasq.
 * Each test has users of its own; beta is only for the DM that must import carol afresh.
 */
class LegacyRocketChatPeerTest {
    private static final String RC = "rc.test";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static FederatedServers servers;
    private static NodeRocketChatPeer rocketChat;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        rocketChat = NodeRocketChatPeer.start(RC, servers.dns());
        servers.publish(RC, rocketChat.port(), rocketChat.publicKeyPem());
    }

    @AfterAll
    static void stop() {
        if (rocketChat != null) {
            rocketChat.close();
        }
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void aDirectMessageRocketChatOpens_reachesAliceWithCarolsMessage() {
        ApiClient alice = servers.server("alpha.test").newUser("alice");

        JsonNode dm = rocketChat.openDirectMessage("alpha.test", "alice");
        // Rocket.Chat asked alpha for alice first, as its createDirectMessage did
        assertThat(dm.path("user").path("_id").asText()).isEqualTo(alice.userId());
        assertThat(dm.path("user").path("username").asText()).isEqualTo("alice@alpha.test");
        assertAccepted(dm, "genesis + add-user");
        String roomId = dm.path("roomId").asText();
        assertThat(roomId).isEqualTo(sortedJoined(alice.userId(), carolId()));
        assertThat(types(dm.path("events"))).containsExactly("genesis", "room_add_user", "room_add_user");

        JsonNode sent = rocketChat.sendMessage(roomId, "hello alice, carol from Rocket.Chat");
        assertAccepted(sent, "room_message");
        String messageId = sent.path("messageId").asText();

        assertThat(alice.get("/api/v1/subscriptions.getOne?roomId=" + roomId).expectOk().path("subscription")
                .path("t").asText()).isEqualTo("d");
        JsonNode onAlpha = message(alice, roomId, messageId);
        assertThat(onAlpha).as("carol's message in alice's history").isNotNull();
        assertThat(onAlpha.path("msg").asText()).isEqualTo("hello alice, carol from Rocket.Chat");
        assertThat(onAlpha.path("u").path("username").asText()).isEqualTo("carol@rc.test");
        assertThat(onAlpha.path("u").path("_id").asText()).isEqualTo(carolId());
    }

    @Test
    void daveRepliesInARocketChatDirectMessage_rocketChatDecryptsAndStoresIt() {
        ApiClient dave = servers.server("alpha.test").newUser("dave");
        JsonNode dm = rocketChat.openDirectMessage("alpha.test", "dave");
        assertAccepted(dm, "genesis + add-user");
        String roomId = dm.path("roomId").asText();
        JsonNode carols = rocketChat.sendMessage(roomId, "are you there, dave?");
        assertAccepted(carols, "room_message");

        String reply = dave.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "yes carol, dave on fedchat"))
                .expectOk().path("message").path("_id").asText();

        JsonNode dispatch = awaitDispatch(() -> dispatchWith(reply));
        assertThat(dispatch.path("from").asText()).isEqualTo("alpha.test");
        assertThat(dispatch.path("error").isMissingNode()).as("error: %s", dispatch.path("error")).isTrue();
        JsonNode event = eventWith(dispatch.path("body").path("events"), reply);
        assertThat(event.path("type").asText()).isEqualTo("room_message");
        assertThat(event.path("origin").asText()).isEqualTo("alpha.test");
        assertThat(event.path("context").path("roomId").asText()).isEqualTo(roomId);
        assertThat(event.path("timestamp").path("$date").isIntegralNumber()).as("EJSON timestamp %s", event.path("timestamp"))
                .isTrue();
        // its parent is carol's message event, which Rocket.Chat holds: it would not ask for missing parents
        assertThat(event.path("parentIds")).extracting(JsonNode::asText).containsExactly(carols.path("eventId").asText());
        JsonNode message = event.path("data").path("message");
        assertThat(message.path("msg").asText()).isEqualTo("yes carol, dave on fedchat");
        assertThat(message.path("rid").asText()).isEqualTo(roomId);
        assertThat(message.path("ts").path("$date").isIntegralNumber()).as("EJSON ts %s", message.path("ts")).isTrue();
        assertThat(message.path("u").path("username").asText()).isEqualTo("dave@alpha.test");
        assertThat(message.path("u").path("_id").asText()).isEqualTo(dave.userId());
        assertThat(message.path("federation").path("origin").asText()).isEqualTo("alpha.test");

        JsonNode result = byId(dispatch.path("results"), event.path("_id").asText());
        assertThat(result.path("success").asBoolean()).as("Rocket.Chat's handler result %s", result).isTrue();
        assertThat(result.path("idFollowsRecipe").asBoolean()).as("the id is Rocket.Chat's hash of the event").isTrue();
        JsonNode stored = byId(rocketChat.state().path("messages"), reply);
        assertThat(stored).as("the reply in Rocket.Chat's messages").isNotNull();
        assertThat(stored.path("u").path("username").asText()).isEqualTo("dave@alpha.test");
        assertThat(stored.path("msg").asText()).isEqualTo("yes carol, dave on fedchat");
    }

    @Test
    void editsReactionsAndDeletions_travelBothWays() {
        ApiClient fay = servers.server("alpha.test").newUser("fay");
        JsonNode dm = rocketChat.openDirectMessage("alpha.test", "fay");
        assertAccepted(dm, "genesis + add-user");
        String roomId = dm.path("roomId").asText();
        String fromCarol = rocketChat.sendMessage(roomId, "first draft").path("messageId").asText();
        message(fay, roomId, fromCarol);

        // Rocket.Chat → fedchat
        assertAccepted(rocketChat.editMessage(fromCarol, "final text"), "room_edit_message");
        assertThat(message(fay, roomId, fromCarol).path("msg").asText()).isEqualTo("final text");
        assertAccepted(rocketChat.react(fromCarol, ":smile:", true), "room_set_message_reaction");
        assertThat(message(fay, roomId, fromCarol).path("reactions").path(":smile:").path("usernames"))
                .extracting(JsonNode::asText).containsExactly("carol@rc.test");
        assertAccepted(rocketChat.react(fromCarol, ":smile:", false), "room_unset_message_reaction");
        assertThat(message(fay, roomId, fromCarol).path("reactions").path(":smile:").isMissingNode()).isTrue();

        // fedchat → Rocket.Chat
        String fromFay = fay.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "typo hree")).expectOk()
                .path("message").path("_id").asText();
        fay.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", fromFay, "text", "typo here")).expectOk();
        fay.post("/api/v1/chat.react", obj("messageId", fromCarol, "emoji", "thumbsup", "shouldReact", true)).expectOk();
        awaitRocketChat("fay's edit and reaction", state -> {
            JsonNode mine = byId(state.path("messages"), fromFay);
            JsonNode carols = byId(state.path("messages"), fromCarol);
            return mine != null && mine.path("msg").asText().equals("typo here") && carols != null
                    && carols.path("reactions").path(":thumbsup:").path("usernames").toString().equals("[\"fay@alpha.test\"]");
        });
        fay.post("/api/v1/chat.delete", obj("roomId", roomId, "msgId", fromFay)).expectOk();
        awaitRocketChat("fay's deletion", state -> byId(state.path("messages"), fromFay) == null);
        assertThat(rocketChat.received()).allSatisfy(d -> assertThat(d.path("results")).allSatisfy(r ->
                assertThat(r.path("success").asBoolean()).as("Rocket.Chat's handler result %s", r).isTrue()));

        assertAccepted(rocketChat.deleteMessage(fromCarol), "room_delete_message");
        assertThat(byId(fay.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages"), fromCarol)).isNull();
    }

    @Test
    void aDirectMessageOpenedOnFedchat_reachesRocketChatInShapesItsHandlersAccept() {
        // beta has never seen carol: it must import her through Rocket.Chat's getByUsername
        ApiClient bob = servers.server("beta.test").newUser("bob");

        String roomId = bob.post("/api/v1/im.create", obj("username", "carol@rc.test")).expectOk()
                .path("room").path("_id").asText();
        assertThat(roomId).isEqualTo(sortedJoined(bob.userId(), carolId()));
        assertThat(rocketChat.requests()).anySatisfy(r -> {
            assertThat(r.path("path").asText()).isEqualTo("/api/v1/federation.users.getByUsername");
            assertThat(r.path("query").path("username").asText()).isEqualTo("carol");
            assertThat(r.path("domain").asText()).isEqualTo("beta.test");
        });

        JsonNode dispatch = awaitDispatch(() -> {
            for (JsonNode d : rocketChat.received()) {
                JsonNode events = d.path("body").path("events");
                if (events.size() > 0 && events.get(0).path("context").path("roomId").asText().equals(roomId)) {
                    return d;
                }
            }
            return null;
        });
        assertThat(dispatch.path("from").asText()).isEqualTo("beta.test");
        assertThat(types(dispatch.path("body").path("events"))).containsExactly("genesis", "room_add_user", "room_add_user");
        assertThat(dispatch.path("results")).hasSize(3).allSatisfy(r -> {
            assertThat(r.path("success").asBoolean()).as("Rocket.Chat's handler result %s", r).isTrue();
            assertThat(r.path("idFollowsRecipe").asBoolean()).as("the id is Rocket.Chat's hash of the event %s", r).isTrue();
        });

        JsonNode state = rocketChat.state();
        JsonNode room = byId(state.path("rooms"), roomId);
        assertThat(room).as("the DM in Rocket.Chat's rooms").isNotNull();
        assertThat(room.path("t").asText()).isEqualTo("d");
        assertThat(room.path("usernames")).extracting(JsonNode::asText).containsExactlyInAnyOrder("bob@beta.test", "carol");
        assertThat(room.path("federation").path("origin").asText()).isEqualTo("beta.test");
        assertThat(room.path("federation").path("domains")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("beta.test", RC);
        assertThat(byId(state.path("users"), bob.userId()).path("username").asText()).isEqualTo("bob@beta.test");
        List<String> members = new ArrayList<>();
        state.path("subscriptions").forEach(s -> {
            if (s.path("rid").asText().equals(roomId)) {
                members.add(s.path("u").path("username").asText());
            }
        });
        assertThat(members).containsExactlyInAnyOrder("bob@beta.test", "carol");

        // and carol answers in the room fedchat made
        JsonNode sent = rocketChat.sendMessage(roomId, "hi bob");
        assertThat(delivery(sent, "beta.test").path("status").asInt()).as("beta's answer %s", sent).isEqualTo(200);
        JsonNode onBeta = message(bob, roomId, sent.path("messageId").asText());
        assertThat(onBeta.path("u").path("username").asText()).isEqualTo("carol@rc.test");
    }

    @Test
    void aBodySealedForAnotherKey_isRefusedAndChangesNothing() {
        ApiClient erin = servers.server("alpha.test").newUser("erin");
        JsonNode dm = rocketChat.openDirectMessage("alpha.test", "erin");
        assertAccepted(dm, "genesis + add-user");
        String roomId = dm.path("roomId").asText();
        int before = erin.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages").size();

        JsonNode sent = rocketChat.sendMessageSealedFor(roomId, "not for alpha's eyes", TestKeys.publicPem(TestKeys.generate()));

        JsonNode answer = delivery(sent, "alpha.test");
        assertThat(answer.path("status").asInt()).isEqualTo(400);
        assertThat(answer.path("body").path("success").asBoolean(true)).isFalse();
        assertThat(answer.path("body").path("error").asText()).isEqualTo("Could not decrypt payload");
        JsonNode history = erin.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages");
        assertThat(history).hasSize(before);
        assertThat(byId(history, sent.path("messageId").asText())).isNull();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static String carolId() {
        return rocketChat.carol().path("_id").asText();
    }

    private static String sortedJoined(String a, String b) {
        return a.compareTo(b) < 0 ? a + b : b + a;
    }

    /** alpha answered the dispatch of the control call's events with Rocket.Chat's {@code {"success":true}}. */
    private static void assertAccepted(JsonNode controlAnswer, String what) {
        JsonNode answer = delivery(controlAnswer, "alpha.test");
        assertThat(answer.path("status").asInt()).as("alpha's answer to %s: %s%nRocket.Chat's log:%n%s", what, answer,
                rocketChat.log()).isEqualTo(200);
        assertThat(answer.path("body").toString()).isEqualTo("{\"success\":true}");
    }

    private static JsonNode delivery(JsonNode controlAnswer, String domain) {
        for (JsonNode d : controlAnswer.path("deliveries")) {
            if (d.path("domain").asText().equals(domain)) {
                return d;
            }
        }
        throw new AssertionError("no dispatch to " + domain + " in " + controlAnswer.path("deliveries"));
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    /** The dispatch Rocket.Chat received that carries the message {@code messageId}, or null. */
    private static JsonNode dispatchWith(String messageId) {
        for (JsonNode d : rocketChat.received()) {
            if (eventWith(d.path("body").path("events"), messageId) != null) {
                return d;
            }
        }
        return null;
    }

    /** The event about message {@code messageId}, or null. */
    private static JsonNode eventWith(JsonNode events, String messageId) {
        for (JsonNode e : events) {
            if (e.path("data").path("message").path("_id").asText().equals(messageId)) {
                return e;
            }
        }
        return null;
    }

    private static JsonNode awaitDispatch(Supplier<JsonNode> find) {
        return Awaitility.await("a dispatch on Rocket.Chat").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(find::get, d -> d != null);
    }

    private static void awaitRocketChat(String what, Predicate<JsonNode> onState) {
        Awaitility.await(what + " on Rocket.Chat").atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> onState.test(rocketChat.state()));
    }

    private static JsonNode message(ApiClient client, String roomId, String messageId) {
        return Awaitility.await("message " + messageId).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> byId(client.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages"), messageId),
                        m -> m != null);
    }

    private static JsonNode byId(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (item.path("_id").asText().equals(id)) {
                return item;
            }
        }
        return null;
    }
}
