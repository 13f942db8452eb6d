package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.crypto.PayloadCipher;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What alpha refuses on its dispatch endpoint, each with a clear error and no change: a forged
 * origin, a body sealed with the wrong key, alpha's own domain claimed from the network, an
 * oversized body, an unknown event type, an event for a room the sender is not part of, and a
 * message written in the name of a user of another server.
 */
class DispatchTrustTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FederatedServers servers;
    private static FedchatServer alpha;
    private static FedchatServer beta;
    private static FederationBody bodies;
    private static String localRoomId;
    private static String dmId;
    private static ApiClient alice;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test").server();
        beta = servers.server("beta.test").server();
        bodies = new FederationBody(new PayloadCipher(CryptoProvider.jdk()), JSON);
        alice = servers.server("alpha.test").newUser("alice");
        servers.server("beta.test").newUser("bob");
        localRoomId = alice.post("/api/v1/groups.create", obj("name", "alpha-only")).expectOk().path("group").path("_id").asText();
        dmId = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk().path("room").path("_id").asText();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> beta.rooms().byId(dmId).isPresent());
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static ObjectNode message(String origin, String roomId, String authorId, String authorName, String text) {
        ObjectNode data = JSON.createObjectNode();
        ObjectNode m = data.putObject("message");
        m.put("_id", "Msg" + System.nanoTime());
        m.put("rid", roomId);
        m.put("msg", text);
        m.putObject("ts").put("$date", System.currentTimeMillis());
        m.putObject("u").put("_id", authorId).put("username", authorName);
        return FederationEvent.create(origin, roomId, List.of(), EventType.ROOM_MESSAGE, System.currentTimeMillis(), data).toWire();
    }

    private static HttpResponse<String> dispatch(String claimedDomain, PrivateKey signer, String plainJson) throws Exception {
        String sealed = bodies.seal(plainJson, alpha.keys().publicKey(), signer);
        return post(claimedDomain, sealed);
    }

    private static HttpResponse<String> post(String claimedDomain, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(servers.server("alpha.test").url() + "/api/v1/federation.events.dispatch"))
                .header("x-federation-domain", claimedDomain).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String batch(JsonNode... events) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("events").addAll(List.of(events));
        return body.toString();
    }

    /** What a refused request must not change: the messages alpha holds in both rooms. */
    private static int storedEvents() {
        return messagesOf(dmId) + messagesOf(localRoomId);
    }

    private static int messagesOf(String roomId) {
        return alice.get("/api/v1/" + (roomId.equals(dmId) ? "im" : "groups") + ".history?roomId=" + roomId).expectOk()
                .path("messages").size();
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = Json.read(response.body());
        assertThat(body.path("success").asBoolean(true)).isFalse();
        assertThat(body.path("error").asText()).contains(error);
    }

    @Test
    void anEventClaimingAnotherOriginThanItsSenderIsRefused() throws Exception {
        int before = storedEvents();
        String bobId = beta.users().byUsername("bob").orElseThrow().id();
        HttpResponse<String> r = dispatch("beta.test", beta.keys().privateKey(),
                batch(message("gamma.test", dmId, bobId, "bob@beta.test", "forged origin")));
        assertRefused(r, 400, "says it comes from gamma.test but beta.test sent it");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aBodySealedWithAnotherKeyIsRefused() throws Exception {
        int before = storedEvents();
        KeyPair stranger = TestKeys.generate();
        String bobId = beta.users().byUsername("bob").orElseThrow().id();
        HttpResponse<String> r = dispatch("beta.test", stranger.getPrivate(),
                batch(message("beta.test", dmId, bobId, "bob@beta.test", "from a stranger")));
        assertRefused(r, 400, "Could not decrypt payload");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void ourOwnDomainFromTheNetworkIsRefusedEvenWithOurKey() throws Exception {
        int before = storedEvents();
        String aliceId = alpha.users().byUsername("alice").orElseThrow().id();
        HttpResponse<String> r = dispatch("alpha.test", alpha.keys().privateKey(),
                batch(message("alpha.test", dmId, aliceId, "alice@alpha.test", "spoofed")));
        assertRefused(r, 400, "cannot come from this server's own domain alpha.test");
        // Rocket.Chat skipped decryption for its own domain: a plain body must not pass either
        assertRefused(post("alpha.test", batch(message("alpha.test", dmId, aliceId, "alice@alpha.test", "plain"))), 400,
                "own domain");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        HttpResponse<String> r = post("beta.test", "[" + "1,".repeat(9 * 1024 * 1024) + "1]");
        assertRefused(r, 413, "at most");
    }

    @Test
    void anUnknownEventTypeRefusesTheWholeBatch() throws Exception {
        int before = storedEvents();
        String bobId = beta.users().byUsername("bob").orElseThrow().id();
        ObjectNode good = message("beta.test", dmId, bobId, "bob@beta.test", "would be fine alone");
        ObjectNode odd = message("beta.test", dmId, bobId, "bob@beta.test", "odd");
        odd.put("type", "room_teleport");
        HttpResponse<String> r = dispatch("beta.test", beta.keys().privateKey(), batch(good, odd));
        assertRefused(r, 400, "unknown event type 'room_teleport'");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anEventForARoomTheSenderIsNotPartOfIsRefused() throws Exception {
        int before = storedEvents();
        String bobId = beta.users().byUsername("bob").orElseThrow().id();
        HttpResponse<String> r = dispatch("beta.test", beta.keys().privateKey(),
                batch(message("beta.test", localRoomId, bobId, "bob@beta.test", "into alpha's private group")));
        assertRefused(r, 400, "beta.test does not take part in room " + localRoomId);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void aPeerCannotWriteInTheNameOfOurUsers() throws Exception {
        int before = storedEvents();
        String aliceId = alpha.users().byUsername("alice").orElseThrow().id();
        HttpResponse<String> r = dispatch("beta.test", beta.keys().privateKey(),
                batch(message("beta.test", dmId, aliceId, "alice@alpha.test", "words put in alice's mouth")));
        assertRefused(r, 400, "beta.test cannot send messages of alice");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void anOversizedEventIsRefused() throws Exception {
        int before = storedEvents();
        String bobId = beta.users().byUsername("bob").orElseThrow().id();
        HttpResponse<String> r = dispatch("beta.test", beta.keys().privateKey(),
                batch(message("beta.test", dmId, bobId, "bob@beta.test", "x".repeat(BatchEnvelopes.MAX_EVENT_CHARS))));
        assertRefused(r, 400, "an event may be at most");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void theSameBatchDeliveredTwiceIsStoredOnce() throws Exception {
        int before = messagesOf(dmId);
        String bobId = beta.users().byUsername("bob").orElseThrow().id();
        String body = batch(message("beta.test", dmId, bobId, "bob@beta.test", "once, however often it comes"));
        assertThat(dispatch("beta.test", beta.keys().privateKey(), body).statusCode()).isEqualTo(200);
        assertThat(dispatch("beta.test", beta.keys().privateKey(), body).statusCode()).isEqualTo(200);
        assertThat(messagesOf(dmId)).isEqualTo(before + 1);
    }

    @Test
    void aRealMessageFromTheRealPeerIsAccepted() throws Exception {
        int before = messagesOf(dmId);
        String bobId = beta.users().byUsername("bob").orElseThrow().id();
        HttpResponse<String> r = dispatch("beta.test", beta.keys().privateKey(),
                batch(message("beta.test", dmId, bobId, "bob@beta.test", "a genuine one")));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(messagesOf(dmId)).isEqualTo(before + 1);
    }
}
