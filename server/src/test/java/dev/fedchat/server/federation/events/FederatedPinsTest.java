package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pins are a federated room's state (issue 13 §1): set at the room's origin, they reach its
 * fedchat peers as fedchat's {@code room_pins}, unpins too; only the origin changes them, and a
 * {@code room_pins} from another server is refused with nothing changed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedPinsTest {
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

    @Test
    void aPinAtTheOrigin_reachesThePeer_andSoDoesTheUnpin() {
        String roomId = Groups.create(alice, "pinned-across", "bob@beta.test");
        await("bob subscribed", () -> subscribed(bob, roomId));
        String id = Groups.post(bob, roomId, "the plan, v2");
        await("the message on alpha", () -> Groups.messageIds(alice, roomId).contains(id));

        alice.post("/api/v1/chat.pinMessage", obj("messageId", id)).expectOk();
        await("pinned on beta", () -> message(bob, id).path("pinned").asBoolean());
        assertThat(message(bob, id).path("pinnedBy").path("username").asText()).isEqualTo("alice@alpha.test");
        assertThat(bob.get("/api/v1/chat.getPinnedMessages?roomId=" + roomId).expectOk().path("messages")
                .path(0).path("_id").asText()).isEqualTo(id);

        // the room's state is its origin's: even an owner on beta pins at alpha, and beta says so
        String bobOnAlpha = alpha.server().users().byUsername("bob@beta.test").orElseThrow().id();
        alice.post("/api/v1/groups.addOwner", obj("roomId", roomId, "userId", bobOnAlpha)).expectOk();
        await("bob an owner on beta", () -> Groups.subscription(bob, roomId).path("roles").toString().contains("owner"));
        JsonNode refused = bob.post("/api/v1/chat.unPinMessage", obj("messageId", id))
                .expectErrorType("error-federation-not-origin");
        assertThat(refused.path("error").asText()).contains("This room belongs to alpha.test");
        assertThat(message(bob, id).path("pinned").asBoolean()).isTrue();

        alice.post("/api/v1/chat.unPinMessage", obj("messageId", id)).expectOk();
        await("unpinned on beta", () -> !message(bob, id).has("pinned"));
    }

    @Test
    void roomPinsFromAServerThatIsNotTheOrigin_isRefused_andNothingChanges() {
        String roomId = Groups.create(alice, "guarded-pins", "bob@beta.test");
        await("bob subscribed", () -> subscribed(bob, roomId));
        String id = Groups.post(alice, roomId, "do not pin me from beta");
        await("the message on beta", () -> Groups.messageIds(bob, roomId).contains(id));
        StateSnapshot before = StateSnapshot.of(alpha);

        String refusal = Forgery.dispatch(beta, "alpha.test", EventType.ROOM_PINS, roomId, Map.of("roomId", roomId,
                "pinned", List.of(Map.of("_id", id, "pinnedAt", Map.of("$date", 1), "pinnedBy",
                        Map.of("_id", bob.userId(), "username", "bob@beta.test")))));

        assertThat(refusal).contains("only room " + roomId + "'s origin alpha.test may send its pins");
        assertThat(StateSnapshot.of(alpha)).isEqualTo(before);
        assertThat(message(alice, id).has("pinned")).isFalse();
    }

    private static JsonNode message(ApiClient reader, String id) {
        return reader.get("/api/v1/chat.getMessage?msgId=" + id).expectOk().path("message");
    }
}
