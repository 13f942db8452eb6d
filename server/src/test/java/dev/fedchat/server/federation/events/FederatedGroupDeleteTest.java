package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.members;
import static dev.fedchat.server.federation.events.Groups.messageIds;
import static dev.fedchat.server.federation.events.Groups.post;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.DdpClient;
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

    private static Trio t;

    @BeforeAll
    static void start() {
        t = Trio.start();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void deletedAtItsOrigin_theGroupGoesEverywhere_liveForItsMembers() {
        String roomId = t.group("doomed");
        String said = post(t.bob, roomId, "last words");
        await("bob's message on gamma", () -> messageIds(t.carol, roomId).contains(said));

        try (DdpClient live = t.beta.ddp().handshake()) {
            live.loginWithPassword("bob", "bob-pass");
            live.subscribe("stream-notify-user", t.bob.userId() + "/rooms-changed", NO_ARGS);

            t.alice.post("/api/v1/groups.delete", obj("roomId", roomId)).expectOk();

            JsonNode frame = live.await(f -> f.path("fields").path("eventName").asText().equals(t.bob.userId() + "/rooms-changed")
                    && f.path("fields").path("args").path(1).path("_id").asText().equals(roomId));
            assertThat(frame.path("fields").path("args").path(0).asText()).isEqualTo("removed");
        }
        await("gone at beta and gamma", () -> !Groups.exists(t.beta, roomId) && !Groups.exists(t.gamma, roomId));
        assertThat(Groups.exists(t.alpha, roomId)).isFalse();
        assertThat(t.beta.server().messages().byId(said)).isEmpty();
        assertThat(t.gamma.server().messages().byId(said)).isEmpty();
        JsonNode removed = t.carol.get("/api/v1/rooms.get?updatedSince=2000-01-01T00:00:00.000Z").expectOk().path("remove");
        assertThat(removed.findValues("_id")).extracting(JsonNode::asText).contains(roomId);
    }

    @Test
    void deletedByTheAdminOfAnotherServer_onlyThatCopyGoes_andItsUsersLeaveTheGroup() {
        String roomId = t.group("sturdy");

        t.beta.admin().post("/api/v1/groups.delete", obj("roomId", roomId)).expectOk();

        assertThat(Groups.exists(t.beta, roomId)).isFalse();
        await("alpha sees bob gone", () -> members(t.alice, roomId).equals(List.of("alice", "carol@gamma.test")));
        await("gamma sees bob gone", () -> members(t.carol, roomId).equals(List.of("alice@alpha.test", "carol")));
        assertThat(Groups.domains(t.alpha, roomId)).containsExactly("alpha.test", "gamma.test");
        assertThat(Groups.exists(t.gamma, roomId)).isTrue();

        String after = post(t.alice, roomId, "still here");
        await("alice's message on gamma", () -> messageIds(t.carol, roomId).contains(after));
    }
}
