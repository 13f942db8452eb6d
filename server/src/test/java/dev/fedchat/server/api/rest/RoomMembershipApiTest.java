package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.History;
import dev.fedchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who is in a room: invite, kick, leave, delete for both {@code channels.*} and {@code groups.*},
 * and muting (client-api.md §2.3). Only owners and admins moderate; a refused request leaves the
 * member list as it was.
 */
class RoomMembershipApiTest {
    private static TestServer server;
    private static ApiClient owner;
    private static ApiClient member;
    private static ApiClient outsider;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.newUser("owner");
        member = server.newUser("member");
        outsider = server.newUser("outsider");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void invite_byTheOwner_addsUsersByIdOrUsername(String family) {
        String room = create(family, family + "-invite", "member");
        ApiClient third = server.newUser(family + "-third");

        JsonNode answer = owner.post("/api/v1/" + family + ".invite", obj("roomId", room, "userId", outsider.userId()))
                .expectOk();
        assertThat(answer.path(key(family)).path("_id").asText()).isEqualTo(room);
        owner.post("/api/v1/" + family + ".invite", obj("roomName", family + "-invite", "username", family + "-third"))
                .expectOk();
        owner.post("/api/v1/" + family + ".invite", obj("roomId", room, "username", "member")).expectOk();

        assertThat(members(family, room)).containsExactly(family + "-third", "member", "outsider", "owner");
        assertThat(third.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription")
                .path("rid").asText()).isEqualTo(room);
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void invite_kick_delete_byANonOwner_are403_andChangeNothing(String family) {
        String room = create(family, family + "-guarded", "member");
        ApiClient victim = server.newUser(family + "-victim");
        owner.post("/api/v1/" + family + ".invite", obj("roomId", room, "username", family + "-victim")).expectOk();
        List<String> before = members(family, room);

        JsonNode invite = member.post("/api/v1/" + family + ".invite", obj("roomId", room, "userId", outsider.userId()))
                .expectError(403);
        assertThat(invite.path("errorType").asText()).isEqualTo("error-unauthorized");
        member.post("/api/v1/" + family + ".kick", obj("roomId", room, "userId", victim.userId())).expectError(403);
        member.post("/api/v1/" + family + ".delete", obj("roomId", room)).expectError(403);
        victim.post("/api/v1/" + family + ".kick", obj("roomId", room, "userId", owner.userId())).expectError(403);

        assertThat(members(family, room)).isEqualTo(before);
    }

    @Test
    void invite_byAnOutsiderOfAPublicChannel_is403_andChangesNothing() {
        String room = create("channels", "outside-in");

        JsonNode body = outsider.post("/api/v1/channels.invite", obj("roomId", room, "userId", outsider.userId()))
                .expectError(403);
        assertThat(body.path("errorType").asText()).isEqualTo("error-not-allowed");

        assertThat(members("channels", room)).containsExactly("owner");
    }

    @Test
    void invite_anUnknownUserOrNoUser_isRefused_andChangesNothing() {
        String room = create("groups", "unknown-invitee");

        owner.post("/api/v1/groups.invite", obj("roomId", room, "usernames", List.of("member", "nobody")))
                .expectErrorType("error-invalid-user");
        owner.post("/api/v1/groups.invite", obj("roomId", room, "userId", "AAAAAAAAAAAAAAAAA"))
                .expectErrorType("error-invalid-user");
        owner.post("/api/v1/groups.invite", obj("roomId", room)).expectErrorType("invalid-params");
        owner.post("/api/v1/groups.invite", obj("roomId", room, "userIds", List.of(1, 2)))
                .expectErrorType("invalid-params");
        owner.post("/api/v1/groups.invite", "{\"roomId\":").expectErrorType("invalid-params");

        assertThat(members("groups", room)).containsExactly("owner");
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void kick_byTheOwner_removesTheMember_andANonMemberCannotBeKicked(String family) {
        String room = create(family, family + "-kick", "member", "outsider");

        owner.post("/api/v1/" + family + ".kick", obj("roomId", room, "userId", member.userId())).expectOk();
        assertThat(members(family, room)).containsExactly("outsider", "owner");
        assertThat(member.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription").isNull())
                .isTrue();

        owner.post("/api/v1/" + family + ".kick", obj("roomId", room, "userId", member.userId()))
                .expectErrorType("error-user-not-in-room");
        owner.post("/api/v1/" + family + ".kick", obj("roomId", room)).expectErrorType("invalid-params");
        assertThat(members(family, room)).containsExactly("outsider", "owner");
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void leave_byAMember_removesOnlyThem(String family) {
        String room = create(family, family + "-leave", "member", "outsider");

        member.post("/api/v1/" + family + ".leave", obj("roomId", room)).expectOk();

        assertThat(members(family, room)).containsExactly("outsider", "owner");
        JsonNode again = member.post("/api/v1/" + family + ".leave", obj("roomId", room)).expectError(403);
        assertThat(again.path("errorType").asText()).isEqualTo("error-not-allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void leave_byTheLastOwner_isRefusedWhileOthersRemain(String family) {
        String room = create(family, family + "-last-owner", "member");

        owner.post("/api/v1/" + family + ".leave", obj("roomId", room)).expectErrorType("error-you-are-last-owner");
        owner.post("/api/v1/rooms.leave", obj("roomId", room)).expectErrorType("error-you-are-last-owner");
        assertThat(members(family, room)).containsExactly("member", "owner");

        owner.post("/api/v1/" + family + ".kick", obj("roomId", room, "userId", member.userId())).expectOk();
        owner.post("/api/v1/" + family + ".leave", obj("roomId", room)).expectOk();
        assertThat(owner.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription").isNull())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void delete_byTheOwner_removesTheRoomForEveryone(String family) {
        String room = create(family, family + "-doomed", "member");
        owner.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "last words")).expectOk();

        owner.post("/api/v1/" + family + ".delete", obj("roomId", room)).expectOk();

        owner.get("/api/v1/" + family + ".info?roomId=" + room).expectErrorType("error-room-not-found");
        owner.get("/api/v1/rooms.info?roomId=" + room).expectErrorType("error-invalid-room");
        assertThat(roomIds(member)).doesNotContain(room);
        create(family, family + "-doomed");
    }

    @Test
    void anAdmin_mayModerateARoomTheyAreNotIn() {
        ApiClient admin = server.admin();
        String room = create("groups", "admin-moderated", "member");

        admin.post("/api/v1/groups.kick", obj("roomId", room, "username", "member")).expectOk();
        assertThat(members("groups", room)).containsExactly("owner");
        admin.post("/api/v1/groups.delete", obj("roomId", room)).expectOk();
        owner.get("/api/v1/groups.info?roomId=" + room).expectErrorType("error-room-not-found");
    }

    @Test
    void mutedMember_cannotPostUntilUnmuted() {
        String room = create("channels", "quiet-please", "member");
        owner.post("/api/v1/rooms.muteUser", obj("roomId", room, "userId", member.userId())).expectOk();

        JsonNode refused = member.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "can you hear me"))
                .expectErrorType("error-user-muted");
        assertThat(refused.path("error").asText()).contains("muted");
        assertThat(History.texts(owner, "channels", room)).isEmpty();
        assertThat(member.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription")
                .path("muted").asBoolean()).isTrue();

        owner.post("/api/v1/rooms.unmuteUser", obj("roomId", room, "username", "member")).expectOk();
        member.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "now you can")).expectOk();
        assertThat(History.texts(owner, "channels", room)).containsExactly("now you can");
    }

    @Test
    void mute_byANonOwnerOrOfANonMember_isRefused_andChangesNothing() {
        String room = create("channels", "mute-guard", "member");

        member.post("/api/v1/rooms.muteUser", obj("roomId", room, "userId", owner.userId())).expectError(403);
        owner.post("/api/v1/rooms.muteUser", obj("roomId", room, "userId", outsider.userId()))
                .expectErrorType("error-user-not-in-room");
        owner.post("/api/v1/rooms.muteUser", obj("roomId", room)).expectErrorType("invalid-params");
        owner.post("/api/v1/rooms.muteUser", obj("roomId", "AAAAAAAAAAAAAAAAA", "userId", member.userId()))
                .expectErrorType("error-invalid-room");

        owner.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "owner speaks")).expectOk();
        member.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "member speaks")).expectOk();
        assertThat(History.texts(owner, "channels", room)).containsExactlyInAnyOrder("owner speaks", "member speaks");
    }

    private static String create(String family, String name, String... members) {
        return owner.post("/api/v1/" + family + ".create", obj("name", name, "members", List.of(members))).expectOk()
                .path(key(family)).path("_id").asText();
    }

    private static String key(String family) {
        return family.equals("channels") ? "channel" : "group";
    }

    /** Usernames in the room (sorted by the server), as its owner sees them. */
    private static List<String> members(String family, String roomId) {
        List<String> names = new ArrayList<>();
        owner.get("/api/v1/" + family + ".members?roomId=" + roomId).expectOk().path("members")
                .forEach(m -> names.add(m.path("username").asText()));
        return names;
    }

    private static List<String> roomIds(ApiClient client) {
        List<String> ids = new ArrayList<>();
        client.get("/api/v1/rooms.get").expectOk().path("update").forEach(r -> ids.add(r.path("_id").asText()));
        return ids;
    }
}
