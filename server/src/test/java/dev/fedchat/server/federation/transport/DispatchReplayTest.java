package dev.fedchat.server.federation.transport;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.crypto.PayloadCipher;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.federation.events.EventType;
import dev.fedchat.server.federation.events.FederationEvent;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.RecordingProxy;
import dev.fedchat.server.testing.StandInPeer;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real dispatch alpha sent to beta, captured on the wire and sent again, is refused and changes
 * nothing: as it was (its nonce is spent) and with its proof stripped (alpha is known to sign).
 * A proof made too long ago, or for another server, is refused too; a Rocket.Chat peer, which
 * never signs, is still heard (docs/federation-security.md, "Replays").
 */
class DispatchReplayTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DISPATCH = "/api/v1/federation.events.dispatch";

    private static FederatedServers servers;
    private static RecordingProxy wiretap;
    private static StandInPeer rocketChat;
    private static TestServer alpha;
    private static TestServer beta;
    private static ApiClient alice;
    private static String dmId;
    /** The dispatch that carried alice's message to beta, as it went by. */
    private static RecordingProxy.Captured captured;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        // alpha reaches beta through the wiretap from the start
        wiretap = RecordingProxy.to(beta.url());
        servers.publish("beta.test", wiretap.port(), beta.server().keys().publicPem());
        alice = alpha.newUser("alice");
        ApiClient bob = beta.newUser("bob");
        dmId = servers.openDirect(alice, "bob@beta.test");
        alice.post("/api/v1/chat.postMessage", obj("roomId", dmId, "text", "sent once")).expectOk();
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                bob.get("/api/v1/im.history?roomId=" + dmId).expectOk().path("messages").toString().contains("sent once"));
        captured = wiretap.captured().stream().filter(c -> c.pathAndQuery().equals(DISPATCH)).reduce((a, b) -> b).orElseThrow();
    }

    @AfterAll
    static void stop() {
        servers.close();
        wiretap.close();
        if (rocketChat != null) {
            rocketChat.close();
        }
    }

    @Test
    void theCapturedDispatchCarriesAProofForBeta() {
        RequestProof proof = RequestProof.parse(captured.headers().get(RequestProof.HEADER));
        assertThat(proof).isNotNull();
        assertThat(proof.destination()).isEqualTo("beta.test");
        assertThat(captured.headers()).containsEntry("x-federation-domain", "alpha.test");
    }

    @Test
    void aCapturedDispatchSentAgain_isRefusedAsAReplay_andChangesNothing() {
        assertRefusedWithoutChange(() -> captured.replayTo(beta.url()), "its proof was accepted once already: a replay");
    }

    @Test
    void aCapturedDispatchWithItsProofStripped_isRefusedBecauseAlphaSigns_andChangesNothing() {
        Map<String, String> stripped = new TreeMap<>(captured.headers());
        stripped.remove(RequestProof.HEADER);
        assertRefusedWithoutChange(() -> captured.replayTo(beta.url(), stripped),
                "it is not signed, and alpha.test has signed its requests since");
    }

    @Test
    void aProofMadeSixMinutesAgo_isRefused_andTheSameBodyFreshlySignedIsTaken() {
        byte[] body = sealedMessage("six minutes late");
        StateSnapshot before = assertRefusedWithoutChange(() -> post("alpha.test", body,
                proof("beta.test", body, System.currentTimeMillis() - 6 * 60_000)), "more than 5 minutes from this server's time");

        // the control: the body itself was good
        HttpResponse<String> fresh = post("alpha.test", body, proof("beta.test", body, System.currentTimeMillis()));
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        assertThat(StateSnapshot.of(beta).count("messages")).isEqualTo(before.count("messages") + 1);
    }

    @Test
    void aProofForAnotherServer_isRefused_andChangesNothing() {
        byte[] body = sealedMessage("meant for gamma");
        assertRefusedWithoutChange(() -> post("alpha.test", body, proof("gamma.test", body, System.currentTimeMillis())),
                "its proof is for gamma.test, not for this server (beta.test)");
    }

    @Test
    void aProofOverAnotherBody_isRefused_andChangesNothing() {
        byte[] body = sealedMessage("swapped in");
        byte[] signed = sealedMessage("signed");
        assertRefusedWithoutChange(() -> post("alpha.test", body, proof("beta.test", signed, System.currentTimeMillis())),
                "its proof is not a signature of this request by the key of alpha.test");
    }

    @Test
    void anUnsignedDispatchFromAPeerThatNeverSigned_isTakenAsFromRocketChat() throws Exception {
        KeyPair rcKeys = TestKeys.generate();
        rocketChat = new StandInPeer();
        servers.publish("rc.test", rocketChat.port(), TestKeys.publicPem(rcKeys));
        byte[] body = bodies().seal("{\"events\":[]}", beta.server().keys().publicKey(), rcKeys.getPrivate())
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("rc.test", body, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.read(r.body()).path("success").asBoolean()).isTrue();
    }

    /** A dispatch of one new message of alice's, sealed by alpha for beta, never sent by alpha. */
    private static byte[] sealedMessage(String text) {
        String aliceId = alpha.server().users().byUsername("alice").orElseThrow().id();
        Map<String, Object> message = Map.of("_id", "Replay" + System.nanoTime(), "rid", dmId, "msg", text,
                "ts", Map.of("$date", System.currentTimeMillis()), "u", Map.of("_id", aliceId, "username", "alice@alpha.test"));
        FederationEvent event = FederationEvent.create("alpha.test", dmId, List.of(), EventType.ROOM_MESSAGE,
                System.currentTimeMillis(), Json.MAPPER.valueToTree(Map.of("message", message)));
        String json = "{\"events\":[" + event.toWire() + "]}";
        return bodies().seal(json, beta.server().keys().publicKey(), alpha.server().keys().privateKey())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String proof(String destination, byte[] body, long at) {
        return RequestProof.sign(alpha.server().keys().privateKey(),
                new RequestProof.Signed("alpha.test", destination, "POST", DISPATCH, Map.of(), body), at);
    }

    private static HttpResponse<String> post(String claimed, byte[] body, String proof) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(beta.url() + DISPATCH)).header("x-federation-domain", claimed)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (proof != null) {
            b.header(RequestProof.HEADER, proof);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("beta did not answer", e);
        }
    }

    private static FederationBody bodies() {
        return new FederationBody(new PayloadCipher(CryptoProvider.jdk()), new ObjectMapper());
    }

    /** Sends {@code probe} to beta: refused with 403 for {@code why}, and beta's state as before; returns that state. */
    private static StateSnapshot assertRefusedWithoutChange(Supplier<HttpResponse<String>> probe, String why) {
        StateSnapshot before = StateSnapshot.of(beta);
        HttpResponse<String> r = probe.get();
        assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
        assertThat(Json.read(r.body()).path("error").asText()).contains(why);
        StateSnapshot.of(beta).assertUnchangedSince(before);
        return before;
    }
}
