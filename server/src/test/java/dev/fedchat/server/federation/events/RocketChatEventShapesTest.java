package dev.fedchat.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.crypto.PayloadCipher;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events in the shapes a Rocket.Chat 3.x server sent them, sealed with a key published for
 * {@code rc.test}, without Node (LegacyRocketChatPeerTest does the same with node-rsa):
 * <ul>
 *   <li>a DM's genesis describes a room without {@code u}, because Rocket.Chat's
 *       {@code createDirectRoom} gives direct rooms no owner; alpha takes it ownerless, while a
 *       private group still needs its owner (federation-protocol.md §7.7, §8.2);</li>
 *   <li>a reaction names the reacting user by their bare local name (§8.3); alpha reads it as that
 *       user of the sender.</li>
 * </ul>
 */
class RocketChatEventShapesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RC = "rc.test";
    private static final String CAROL_ID = "CaRoL23456789abcd";
    private static final KeyPair RC_KEYS = TestKeys.generate();

    private static FederatedServers servers;
    private static ApiClient alice;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test");
        // alpha only needs rc.test's key to open what it sends; nothing has to reach it
        servers.publish(RC, 9, TestKeys.publicPem(RC_KEYS));
        alice = servers.server("alpha.test").newUser("alice");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void aDirectRoomWithoutOwner_isAcceptedAndStaysOwnerless() throws Exception {
        String roomId = openDirectMessage(alice);

        assertThat(alice.get("/api/v1/subscriptions.getOne?roomId=" + roomId).expectOk().path("subscription")
                .path("t").asText()).isEqualTo("d");
        JsonNode im = null;
        for (JsonNode r : alice.get("/api/v1/im.list").expectOk().path("ims")) {
            if (r.path("_id").asText().equals(roomId)) {
                im = r;
            }
        }
        assertThat(im).as("the DM in alice's im.list").isNotNull();
        assertThat(im.has("u")).as("an owner in %s", im).isFalse();
    }

    @Test
    void aReactionNamingTheBareLocalUser_isThatUserOfTheSender() throws Exception {
        ApiClient dan = servers.server("alpha.test").newUser("dan");
        String roomId = openDirectMessage(dan);
        ObjectNode data = JSON.createObjectNode();
        ObjectNode m = data.putObject("message");
        m.put("_id", "CarolMsg" + System.nanoTime());
        m.put("rid", roomId);
        m.put("msg", "react to this");
        m.putObject("ts").put("$date", System.currentTimeMillis());
        m.putObject("u").put("_id", CAROL_ID).put("username", "carol@rc.test").put("name", "Carol");
        m.putArray("mentions");
        m.putArray("channels");
        m.putObject("federation").put("origin", RC);
        expectAccepted(dispatch(event(roomId, EventType.ROOM_MESSAGE, data)));

        ObjectNode reaction = JSON.createObjectNode().put("roomId", roomId).put("messageId", m.path("_id").asText())
                .put("username", "carol").put("reaction", ":smile:");
        expectAccepted(dispatch(event(roomId, EventType.ROOM_SET_MESSAGE_REACTION, reaction)));

        JsonNode stored = null;
        for (JsonNode message : dan.get("/api/v1/im.history?roomId=" + roomId).expectOk().path("messages")) {
            if (message.path("_id").asText().equals(m.path("_id").asText())) {
                stored = message;
            }
        }
        assertThat(stored).as("carol's message on alpha").isNotNull();
        assertThat(stored.path("reactions").path(":smile:").path("usernames")).extracting(JsonNode::asText)
                .containsExactly("carol@rc.test");
    }

    @Test
    void aPrivateGroupWithoutOwner_isStillRefused() throws Exception {
        String roomId = "GrOuP23456789abcd";
        ObjectNode room = rocketChatRoom(roomId, "p");
        room.put("name", "ownerless@rc.test");

        HttpResponse<String> answer = dispatch(genesis(roomId, room));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(Json.read(answer.body()).path("error").asText()).contains("(genesis): '_id' is missing");
        alice.get("/api/v1/groups.info?roomId=" + roomId).expectError(400);
    }

    /** carol of rc.test opens a DM with {@code user} of alpha as Rocket.Chat did: ownerless genesis, then both members. */
    private static String openDirectMessage(ApiClient user) throws Exception {
        String roomId = user.userId().compareTo(CAROL_ID) < 0 ? user.userId() + CAROL_ID : CAROL_ID + user.userId();
        String username = user.get("/api/v1/me").expectOk().path("username").asText();
        ObjectNode room = rocketChatRoom(roomId, "d");
        room.putArray("usernames").add(username + "@alpha.test").add("carol@rc.test");
        room.put("usersCount", 2);
        room.putArray("uids").add(user.userId()).add(CAROL_ID);
        expectAccepted(dispatch(genesis(roomId, room),
                addUser(roomId, user(CAROL_ID, "carol@rc.test", RC, false), username + "@alpha.test"),
                addUser(roomId, user(user.userId(), username + "@alpha.test", "alpha.test", true), "carol@rc.test")));
        return roomId;
    }

    private static void expectAccepted(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"success\":true}");
    }

    /** A room as Rocket.Chat's genesis carries it, without {@code u}; the caller adds the type's own fields. */
    private static ObjectNode rocketChatRoom(String roomId, String type) {
        long now = System.currentTimeMillis();
        ObjectNode room = JSON.createObjectNode();
        room.put("_id", roomId);
        room.put("t", type);
        room.put("msgs", 0);
        room.putObject("ts").put("$date", now);
        room.putObject("_updatedAt").put("$date", now);
        room.putObject("federation").put("origin", RC).putArray("domains").add("alpha.test").add(RC);
        return room;
    }

    private static JsonNode genesis(String roomId, ObjectNode room) {
        ObjectNode data = JSON.createObjectNode().put("contextType", "room");
        data.set("room", room);
        return event(roomId, EventType.GENESIS, data);
    }

    /** An event of rc.test; its parents do not matter to alpha, which keeps events whose parents it lacks. */
    private static JsonNode event(String roomId, EventType type, ObjectNode data) {
        return FederationEvent.create(RC, roomId, List.of(), type, System.currentTimeMillis(), data).toWire();
    }

    /** A user as Rocket.Chat's normaliser sent it: pseudo e-mail of the sender's domain, fixed roles and status. */
    private static ObjectNode user(String id, String username, String origin, boolean remote) {
        ObjectNode u = JSON.createObjectNode();
        u.put("_id", id);
        u.put("username", username);
        u.put("type", "user");
        u.putArray("emails").addObject().put("address", id + "@" + RC);
        u.put("name", username.substring(0, username.indexOf('@')));
        u.put("createdAt", "2020-09-14T12:26:40.123Z"); // a remote user's copy kept the ISO text of the REST answer
        u.putObject("_updatedAt").put("$date", System.currentTimeMillis());
        u.put("active", true);
        u.putArray("roles").add("user");
        u.put("status", "online");
        u.putObject("federation").put("origin", origin).putObject("originalInfo").put("email", id + "@" + origin);
        u.put("isRemote", remote);
        return u;
    }

    private static JsonNode addUser(String roomId, ObjectNode user, String subscriptionName) {
        ObjectNode data = JSON.createObjectNode().put("roomId", roomId);
        data.set("user", user);
        ObjectNode sub = data.putObject("subscription");
        sub.put("_id", "Sub" + user.path("_id").asText().substring(3));
        sub.put("rid", roomId);
        sub.put("t", "d");
        sub.put("name", subscriptionName);
        sub.putObject("u").put("_id", user.path("_id").asText()).put("username", user.path("username").asText());
        sub.putObject("federation").put("origin", RC);
        return event(roomId, EventType.ROOM_ADD_USER, data);
    }

    private static HttpResponse<String> dispatch(JsonNode... events) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("events").addAll(List.of(events));
        FederationBody bodies = new FederationBody(new PayloadCipher(CryptoProvider.jdk()), JSON);
        String sealed = bodies.seal(body.toString(), servers.server("alpha.test").server().keys().publicKey(), RC_KEYS.getPrivate());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(servers.server("alpha.test").url() + "/api/v1/federation.events.dispatch"))
                .header("x-federation-domain", RC).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sealed, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
