package dev.fedchat.server.federation.events;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two fedchat servers found through real DNS (issue 13): alice on alpha and bob on beta share a
 * direct conversation; alice's status and her typing reach bob's DDP session on beta live, and
 * beta's REST shows her status — through ephemeral events that never enter the room's event graph
 * or the outbox.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedPresenceTest {
    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static ApiClient alice;
    private static ApiClient bob;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        alice = alpha.newUser("alice");
        bob = beta.newUser("bob");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static Predicate<JsonNode> aliceStatus(int status, String text) {
        return f -> f.path("collection").asText().equals("stream-notify-logged")
                && f.path("fields").path("args").path(0).path(0).asText().equals(alice.userId())
                && f.path("fields").path("args").path(0).path(2).asInt() == status
                && f.path("fields").path("args").path(0).path(3).asText().equals(text);
    }

    @Test
    void alicesStatusAndTyping_reachBobOnTheOtherServer_andNothingIsStoredOrQueued() {
        String dm = servers.openDirect(alice, "bob@beta.test");
        // each server proves itself to the other once (a message each way): both are then known to sign
        bob.post("/api/v1/chat.postMessage", obj("roomId", dm, "text", "hi alice")).expectOk();
        Awaitility.await("bob's message on alpha").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> alice.get("/api/v1/im.history?roomId=" + dm).expectOk().path("messages").size() > 0);
        assertThat(bob.get("/api/v1/users.getStatus?userId=" + alice.userId()).expectOk().path("status").asText())
                .as("nobody told beta anything of alice yet").isEqualTo("offline");

        try (DdpClient bobLive = beta.ddp().handshake()) {
            bobLive.loginWithPassword("bob", "bob-pass");
            assertThat(bobLive.subscribe("stream-notify-logged", "user-status", false).path("msg").asText()).isEqualTo("ready");
            assertThat(bobLive.subscribe("stream-notify-room", dm + "/user-activity", false).path("msg").asText()).isEqualTo("ready");
            StateSnapshot alphaBefore = StateSnapshot.of(alpha);
            StateSnapshot betaBefore = StateSnapshot.of(beta);

            DdpClient aliceLive = alpha.ddp().handshake();
            aliceLive.loginWithPassword("alice", "alice-pass");
            JsonNode online = awaitFrame(bobLive, aliceStatus(1, ""));
            assertThat(online.path("fields").path("args").path(0).path(1).asText()).isEqualTo("alice@alpha.test");
            assertThat(bob.get("/api/v1/users.getStatus?userId=" + alice.userId()).expectOk().path("status").asText())
                    .isEqualTo("online");

            aliceLive.call("setUserStatus", "busy", "deep work");
            awaitFrame(bobLive, aliceStatus(3, "deep work"));
            JsonNode info = bob.get("/api/v1/users.info?userId=" + alice.userId()).expectOk().path("user");
            assertThat(info.path("status").asText()).isEqualTo("busy");
            assertThat(info.path("statusText").asText()).isEqualTo("deep work");

            JsonNode typed = aliceLive.call("stream-notify-room", dm + "/user-activity", "alice", List.of("user-typing"), obj());
            assertThat(typed.has("error")).as("alice's typing: %s", typed).isFalse();
            JsonNode typing = awaitFrame(bobLive, f -> f.path("fields").path("eventName").asText().equals(dm + "/user-activity"));
            assertThat(typing.path("fields").path("args").toString()).isEqualTo("[\"alice@alpha.test\",[\"user-typing\"],{}]");

            aliceLive.close();
            awaitFrame(bobLive, aliceStatus(0, "deep work"));

            // ephemeral: the graph and the outbox of either server did not move
            for (String table : List.of("federation_events", "federation_outbox")) {
                assertThat(StateSnapshot.of(alpha).tables().get(table)).as("alpha's " + table).isEqualTo(alphaBefore.tables().get(table));
                assertThat(StateSnapshot.of(beta).tables().get(table)).as("beta's " + table).isEqualTo(betaBefore.tables().get(table));
            }
            assertThat(alpha.server().ephemeral().sent()).isGreaterThanOrEqualTo(4);
        }
    }

    private static JsonNode awaitFrame(DdpClient ddp, Predicate<JsonNode> condition) {
        return Awaitility.await("a frame on beta").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
                .until(() -> ddp.received().stream().filter(condition).findFirst().orElse(null), f -> f != null);
    }
}
