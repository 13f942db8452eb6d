package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.members;
import static dev.fedchat.server.federation.events.Groups.messageIds;
import static dev.fedchat.server.federation.events.Groups.post;
import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.room.Room;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.user.User;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who stays in a group across three servers (issue 4 §4): kick at the origin, leave at the
 * member's own server, mute and unmute. Each change reaches the other servers, their users see
 * it live, and the room's domains follow its members.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedGroupMembershipTest {
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
    void kickingAUserOfAnotherServer_removesThemEverywhere_liveAtTheirServer_andTheirServerLeavesTheRoom() {
        String roomId = t.group("kicking");
        try (DdpClient live = t.gamma.ddp().handshake()) {
            live.loginWithPassword("carol", "carol-pass");
            live.subscribe("stream-notify-user", t.carol.userId() + "/subscriptions-changed", NO_ARGS);

            t.alice.post("/api/v1/groups.kick", obj("roomId", roomId, "username", "carol@gamma.test")).expectOk();

            live.await(f -> f.path("fields").path("eventName").asText().equals(t.carol.userId() + "/subscriptions-changed")
                    && f.path("fields").path("args").path(0).asText().equals("removed")
                    && f.path("fields").path("args").path(1).path("rid").asText().equals(roomId));
        }
        assertThat(subscribed(t.carol, roomId)).isFalse();
        await("beta sees carol gone", () -> members(t.bob, roomId).equals(List.of("alice@alpha.test", "bob")));
        List<String> two = List.of("alpha.test", "beta.test");
        assertThat(Groups.domains(t.alpha, roomId)).containsExactlyElementsOf(two);
        await("beta drops gamma", () -> Groups.domains(t.beta, roomId).equals(two));
        assertThat(Groups.domains(t.gamma, roomId)).containsExactlyElementsOf(two);

        t.carol.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "still here?")).expectError(403);
    }

    @Test
    void leavingAtTheirOwnServer_removesTheUserEverywhere() {
        String roomId = t.group("leaving");

        t.bob.post("/api/v1/groups.leave", obj("roomId", roomId)).expectOk();

        List<String> left = List.of("alice", "carol@gamma.test");
        await("alpha sees bob gone", () -> members(t.alice, roomId).equals(left));
        await("gamma sees bob gone", () -> members(t.carol, roomId).equals(List.of("alice@alpha.test", "carol")));
        List<String> withoutBeta = List.of("alpha.test", "gamma.test");
        assertThat(Groups.domains(t.alpha, roomId)).containsExactlyElementsOf(withoutBeta);
        await("gamma drops beta", () -> Groups.domains(t.gamma, roomId).equals(withoutBeta));

        String after = post(t.carol, roomId, "bob has gone");
        await("carol's message on alpha", () -> messageIds(t.alice, roomId).contains(after));
    }

    @Test
    void mutingAUserOfAnotherServer_theirServerRefusesTheirPosts_untilUnmuted() {
        String roomId = t.group("muting");
        User bobOnGamma = t.gamma.server().users().requireByUsername("bob@beta.test");
        Room onGamma = t.gamma.server().rooms().requireRoom(roomId);

        t.alice.post("/api/v1/rooms.muteUser", obj("roomId", roomId, "username", "bob@beta.test")).expectOk();

        await("bob muted at beta", () -> Groups.subscription(t.bob, roomId).path("muted").asBoolean());
        t.bob.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "can I speak?")).expectErrorType("error-user-muted");
        await("bob muted at gamma", () -> t.gamma.server().rooms().membership(onGamma, bobOnGamma).orElseThrow().muted());

        t.alice.post("/api/v1/rooms.unmuteUser", obj("roomId", roomId, "username", "bob@beta.test")).expectOk();

        await("bob unmuted at beta", () -> !Groups.subscription(t.bob, roomId).path("muted").asBoolean());
        await("bob unmuted at gamma", () -> !t.gamma.server().rooms().membership(onGamma, bobOnGamma).orElseThrow().muted());
        String spoken = post(t.bob, roomId, "thank you");
        await("bob's message on alpha and gamma", () -> messageIds(t.alice, roomId).contains(spoken)
                && messageIds(t.carol, roomId).contains(spoken));
    }

    @Test
    void moderatingAUserOfAnotherServer_happensAtTheRoomsOriginOnly() {
        String roomId = t.group("moderated");
        ApiClient betaAdmin = t.beta.admin();

        betaAdmin.post("/api/v1/groups.kick", obj("roomId", roomId, "username", "carol@gamma.test"))
                .expectErrorType("error-federation-not-origin");
        betaAdmin.post("/api/v1/rooms.muteUser", obj("roomId", roomId, "username", "alice@alpha.test"))
                .expectErrorType("error-federation-not-origin");
        assertThat(members(t.bob, roomId)).containsExactly("alice@alpha.test", "bob", "carol@gamma.test");

        // its own users, a server moderates itself
        betaAdmin.post("/api/v1/groups.kick", obj("roomId", roomId, "username", "bob")).expectOk();
        await("alpha sees bob gone", () -> members(t.alice, roomId).equals(List.of("alice", "carol@gamma.test")));
    }
}
