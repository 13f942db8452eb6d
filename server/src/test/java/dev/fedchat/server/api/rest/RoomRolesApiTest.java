package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Owners and moderators (issue 13, "Rooms"): {@code *.addOwner}, {@code removeOwner},
 * {@code addModerator}, {@code removeModerator} and {@code *.roles} as Rocket.Chat shapes them,
 * kept in the subscription's {@code roles}, with Rocket.Chat's system messages and errors; the
 * last owner stays; moderators mute, kick and invite.
 */
class RoomRolesApiTest {
    private static TestServer server;
    private static ApiClient owner;
    private static ApiClient member;
    private static ApiClient other;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.newUser("boss");
        member = server.newUser("deputy");
        other = server.newUser("plain");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void ownersAndModerators_areListedByRoles_inTheSubscription_andAnnounced(String family) {
        String room = create(family, family + "-roles");

        owner.post("/api/v1/" + family + ".addModerator", obj("roomId", room, "userId", member.userId())).expectOk();
        owner.post("/api/v1/" + family + ".addOwner", obj("roomId", room, "userId", member.userId())).expectOk();

        JsonNode roles = other.get("/api/v1/" + family + ".roles?roomId=" + room).expectOk().path("roles");
        assertThat(roles).hasSize(2);
        JsonNode deputy = roles.get(0).path("u").path("username").asText().equals("deputy") ? roles.get(0) : roles.get(1);
        assertThat(deputy.path("rid").asText()).isEqualTo(room);
        assertThat(deputy.path("u").path("_id").asText()).isEqualTo(member.userId());
        assertThat(deputy.path("roles").toString()).isEqualTo("[\"owner\",\"moderator\"]");
        assertThat(member.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription")
                .path("roles").toString()).isEqualTo("[\"owner\",\"moderator\"]");

        owner.post("/api/v1/" + family + ".removeModerator", obj("roomId", room, "userId", member.userId())).expectOk();
        owner.post("/api/v1/" + family + ".removeOwner", obj("roomId", room, "userId", owner.userId())).expectOk();

        assertThat(owner.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription")
                .path("roles")).isEmpty();
        assertThat(notices(family, room)).containsExactly("subscription-role-added:deputy:moderator",
                "subscription-role-added:deputy:owner", "subscription-role-removed:deputy:moderator",
                "subscription-role-removed:boss:owner");
    }

    @Test
    void theLastOwner_cannotBeRemoved_andWrongRequestsGetRocketChatsErrors_changingNothing() {
        String room = create("groups", "one-owner");
        owner.post("/api/v1/groups.addModerator", obj("roomId", room, "userId", member.userId())).expectOk();
        ApiClient stranger = server.newUser("stranger");
        StateSnapshot before = StateSnapshot.of(server);

        JsonNode last = owner.post("/api/v1/groups.removeOwner", obj("roomId", room, "userId", owner.userId()))
                .expectErrorType("error-remove-last-owner");
        assertThat(last.path("error").asText())
                .startsWith("This is the last owner. Please set a new owner before removing this one.");
        owner.post("/api/v1/groups.addOwner", obj("roomId", room, "userId", owner.userId()))
                .expectErrorType("error-user-already-owner");
        owner.post("/api/v1/groups.addModerator", obj("roomId", room, "userId", member.userId()))
                .expectErrorType("error-user-already-moderator");
        owner.post("/api/v1/groups.removeOwner", obj("roomId", room, "userId", member.userId()))
                .expectErrorType("error-user-not-owner");
        owner.post("/api/v1/groups.removeModerator", obj("roomId", room, "userId", other.userId()))
                .expectErrorType("error-user-not-moderator");
        owner.post("/api/v1/groups.addOwner", obj("roomId", room, "userId", stranger.userId()))
                .expectErrorType("error-user-not-in-room");
        owner.post("/api/v1/groups.addOwner", obj("roomId", room)).expectErrorType("invalid-params");
        // set-owner and set-moderator are owners' and admins': a moderator has neither
        member.post("/api/v1/groups.addOwner", obj("roomId", room, "userId", member.userId()))
                .expectErrorType("error-not-allowed");
        member.post("/api/v1/groups.addModerator", obj("roomId", room, "userId", other.userId()))
                .expectErrorType("error-not-allowed");
        stranger.get("/api/v1/groups.roles?roomId=" + room).expectError(403);

        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void aModerator_mutesKicksAndInvites_butDoesNotDeleteTheRoom() {
        String room = create("groups", "moderated-members");
        ApiClient newcomer = server.newUser("newcomer");
        owner.post("/api/v1/groups.addModerator", obj("roomId", room, "userId", member.userId())).expectOk();

        member.post("/api/v1/rooms.muteUser", obj("roomId", room, "userId", other.userId())).expectOk();
        other.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "muted?")).expectErrorType("error-user-muted");
        member.post("/api/v1/groups.invite", obj("roomId", room, "userId", newcomer.userId())).expectOk();
        member.post("/api/v1/groups.kick", obj("roomId", room, "userId", newcomer.userId())).expectOk();
        member.post("/api/v1/groups.delete", obj("roomId", room)).expectError(403);

        assertThat(owner.get("/api/v1/groups.info?roomId=" + room).expectOk().path("group").path("_id").asText())
                .isEqualTo(room);
    }

    @Test
    void anAdmin_setsRolesInARoomTheyAreNotIn() {
        String room = create("channels", "admin-run");

        server.admin().post("/api/v1/channels.addOwner", obj("roomId", room, "userId", other.userId())).expectOk();

        assertThat(other.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription")
                .path("roles").toString()).isEqualTo("[\"owner\"]");
    }

    private static String create(String family, String name) {
        return owner.post("/api/v1/" + family + ".create", obj("name", name, "members", List.of("deputy", "plain")))
                .expectOk().path(family.equals("channels") ? "channel" : "group").path("_id").asText();
    }

    /** The role notices, oldest first, as {@code t:msg:role}. */
    private static List<String> notices(String family, String room) {
        List<String> out = new ArrayList<>();
        owner.get("/api/v1/" + family + ".history?roomId=" + room).expectOk().path("messages").forEach(m -> {
            if (m.path("t").asText().startsWith("subscription-role")) {
                out.add(0, m.path("t").asText() + ":" + m.path("msg").asText() + ":" + m.path("role").asText());
            }
        });
        return out;
    }
}
