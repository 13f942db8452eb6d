package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.members;
import static dev.fedchat.server.federation.events.Groups.messageIds;
import static dev.fedchat.server.federation.events.Groups.post;
import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Deleting a group that spans three servers (issue 4 §2, §4): at its origin it goes everywhere,
 * with its messages and subscriptions, live for the members; elsewhere an admin deletes only the
 * copy on their server, whose users leave the group, and the others keep it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedGroupDeleteTest {
    private static final Object NO_ARGS = obj("useCollection", false, "args", List.of());

    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static TestServer gamma;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient carol;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test", "beta.test", "gamma.test");
        alpha = servers.server("alpha.test");
        beta = servers.server("beta.test");
        gamma = servers.server("gamma.test");
        alice = alpha.newUser("alice");
        bob = beta.newUser("bob");
        carol = gamma.newUser("carol");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static String trio(String name) {
        String roomId = Groups.create(alice, name, "bob@beta.test", "carol@gamma.test");
        await("bob and carol subscribed", () -> subscribed(bob, roomId) && subscribed(carol, roomId));
        return roomId;
    }

    @Test
    void deletedAtItsOrigin_theGroupGoesEverywhere_liveForItsMembers() {
        String roomId = trio("doomed");
        String said = post(bob, roomId, "last words");
        await("bob's message on gamma", () -> messageIds(carol, roomId).contains(said));

        try (DdpClient live = beta.ddp().handshake()) {
            live.loginWithPassword("bob", "bob-pass");
            live.subscribe("stream-notify-user", bob.userId() + "/rooms-changed", NO_ARGS);

            alice.post("/api/v1/groups.delete", obj("roomId", roomId)).expectOk();

            JsonNode frame = live.await(f -> f.path("fields").path("eventName").asText().equals(bob.userId() + "/rooms-changed")
                    && f.path("fields").path("args").path(1).path("_id").asText().equals(roomId));
            assertThat(frame.path("fields").path("args").path(0).asText()).isEqualTo("removed");
        }
        await("gone at beta and gamma", () -> !Groups.exists(beta, roomId) && !Groups.exists(gamma, roomId));
        assertThat(Groups.exists(alpha, roomId)).isFalse();
        assertThat(beta.server().messages().byId(said)).isEmpty();
        assertThat(gamma.server().messages().byId(said)).isEmpty();
        JsonNode removed = carol.get("/api/v1/rooms.get?updatedSince=2000-01-01T00:00:00.000Z").expectOk().path("remove");
        assertThat(removed.findValues("_id")).extracting(JsonNode::asText).contains(roomId);
    }

    @Test
    void deletedByTheAdminOfAnotherServer_onlyThatCopyGoes_andItsUsersLeaveTheGroup() {
        String roomId = trio("sturdy");

        beta.admin().post("/api/v1/groups.delete", obj("roomId", roomId)).expectOk();

        assertThat(Groups.exists(beta, roomId)).isFalse();
        await("alpha sees bob gone", () -> members(alice, roomId).equals(List.of("alice", "carol@gamma.test")));
        await("gamma sees bob gone", () -> members(carol, roomId).equals(List.of("alice@alpha.test", "carol")));
        assertThat(Groups.domains(alpha, roomId)).containsExactly("alpha.test", "gamma.test");
        assertThat(Groups.exists(gamma, roomId)).isTrue();

        String after = post(alice, roomId, "still here");
        await("alice's message on gamma", () -> messageIds(carol, roomId).contains(after));
    }
}
