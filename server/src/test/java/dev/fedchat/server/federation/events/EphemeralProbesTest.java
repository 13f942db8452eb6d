package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Trio.ALPHA;
import static dev.fedchat.server.federation.events.Trio.BETA;
import static dev.fedchat.server.federation.events.Trio.GAMMA;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.federation.ephemeral.EphemeralSender;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.Json;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ephemeral endpoint under attack (issue 13, docs/federation-security.md "Ephemeral events"):
 * beta holds alice's (alpha) DM with bob and bob's DM with carol (gamma). Peers with valid keys
 * try to speak for another server's users and to report typing in a room they are not in; others
 * send unsigned requests. Each is refused; beta's database does not move, bob's live session
 * hears none of it, and beta still shows what the probes tried to change as it was — then one
 * real event from alpha arrives, after every probe, as a fence.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EphemeralProbesTest {

    @RegisterExtension
    static final Trios trios = new Trios();

    /** {@code event} from {@code sender} to beta, signed as that server signs; the refusal, or null when taken. */
    private static String send(TestServer sender, Map<String, Object> event) {
        try {
            sender.server().federationClient().postSigned(BETA, EphemeralSender.METHOD, Json.write(event), Duration.ofSeconds(10));
            return null;
        } catch (PeerCallException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void noPeerSpeaksForAnotherServersUsers_orInARoomItIsNotIn_andUnsignedRequestsGetNothing(String database) throws Exception {
        Trio world = trios.on(database);
        String aliceBob = world.servers.openDirect(world.alice, "bob@" + BETA);
        String bobCarol = world.servers.openDirect(world.bob, "carol@" + GAMMA);
        // each server proves itself to beta once: beta then knows all three sign
        world.carol.post("/api/v1/chat.postMessage", obj("roomId", bobCarol, "text", "hi bob")).expectOk();
        world.alice.post("/api/v1/chat.postMessage", obj("roomId", aliceBob, "text", "hi bob")).expectOk();
        Groups.await("both messages on beta", () -> world.bob.get("/api/v1/im.history?roomId=" + bobCarol).expectOk()
                .path("messages").size() > 0 && world.bob.get("/api/v1/im.history?roomId=" + aliceBob).expectOk()
                .path("messages").size() > 0);
        String alice = world.alice.userId();
        String carol = world.carol.userId();

        try (DdpClient bob = world.beta.ddp().handshake()) {
            bob.loginWithPassword("bob", "bob-pass");
            assertThat(bob.subscribe("stream-notify-logged", "user-status", false).path("msg").asText()).isEqualTo("ready");
            assertThat(bob.subscribe("stream-notify-room", aliceBob + "/user-activity", false).path("msg").asText()).isEqualTo("ready");
            StateSnapshot before = world.settled(world.beta);
            String shownBefore = world.bob.get("/api/v1/users.presence?ids=" + alice + "," + carol).expectOk().path("users").toString();

            List<String> forbidden = List.of(
                    // gamma is a signing peer with a valid key, but alice is alpha's
                    send(world.gamma, Map.of("type", "presence", "userId", alice, "status", "busy", "statusText", "hacked")),
                    // gamma is not in alice's and bob's conversation, even for its own carol
                    send(world.gamma, Map.of("type", "typing", "roomId", aliceBob, "userId", carol, "activities", List.of("user-typing"))),
                    // alpha is in the conversation, but carol is gamma's
                    send(world.alpha, Map.of("type", "typing", "roomId", aliceBob, "userId", carol, "activities", List.of("user-typing"))),
                    send(world.alpha, Map.of("type", "presence", "userId", carol, "status", "online")),
                    // alpha is not in bob's conversation with carol, even for its own alice
                    send(world.alpha, Map.of("type", "typing", "roomId", bobCarol, "userId", alice, "activities", List.of("user-typing"))));
            assertThat(forbidden).allSatisfy(r -> assertThat(r).contains("HTTP 403").contains("a server speaks only for its own users"));

            List<String> malformed = List.of(
                    send(world.alpha, Map.of("type", "presence", "userId", alice, "status", "sleeping")),
                    send(world.alpha, Map.of("type", "wave", "userId", alice)),
                    send(world.alpha, Map.of("type", "typing", "roomId", aliceBob, "userId", alice,
                            "activities", List.of("a", "b", "c", "d", "e", "f"))));
            assertThat(malformed).allSatisfy(r -> assertThat(r).contains("HTTP 400"));
            // too large: answered 413 after the body is read, never a connection reset (found by the fuzzer)
            assertThat(send(world.alpha, Map.of("type", "presence", "userId", alice, "status", "busy",
                    "statusText", "x".repeat(40_000)))).contains("HTTP 413").contains("at most");

            // unsigned: as alpha (known to sign), and as a stranger that never signed
            String presence = Json.write(Map.of("type", "presence", "userId", alice, "status", "busy"));
            for (String claimed : List.of(ALPHA, "stranger.test")) {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(world.beta.url() + "/api/v1/" + EphemeralSender.METHOD))
                        .header("x-federation-domain", claimed).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(presence)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("unsigned as %s: %s", claimed, answer.body()).isEqualTo(403);
            }

            StateSnapshot.of(world.beta).assertUnchangedSince(before);
            assertThat(world.bob.get("/api/v1/users.presence?ids=" + alice + "," + carol).expectOk().path("users").toString())
                    .isEqualTo(shownBefore);
            // the fence: a real event of alpha's own user, taken and shown; nothing of the probes came before it
            assertThat(send(world.alpha, Map.of("type", "presence", "userId", alice, "status", "away"))).isNull();
            JsonNode fence = Awaitility.await("alpha's real event").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> bob.received().stream().filter(f -> f.path("fields").path("eventName").asText().equals("user-status")
                            && f.path("fields").path("args").path(0).path(2).asInt() == 2).findFirst().orElse(null), f -> f != null);
            assertThat(fence.path("fields").path("args").path(0).path(0).asText()).isEqualTo(alice);
            assertThat(bob.received()).noneMatch(f -> f.toString().contains("hacked") || f.toString().contains("user-typing")
                    || f.path("fields").path("args").path(0).path(0).asText().equals(carol));
        }
    }
}
