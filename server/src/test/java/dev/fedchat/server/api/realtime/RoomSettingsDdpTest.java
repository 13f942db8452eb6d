package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.callError;
import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.api.realtime.Frames.event;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DDP method {@code saveRoomSettings} as the mobile app calls it
 * ({@code saveRoomSettings(rid, {roomTopic, ...})}) and in its older form
 * ({@code saveRoomSettings(rid, setting, value)}), {@code getRoomRoles}, and the
 * {@code rooms-changed} / {@code subscriptions-changed} frames a change sends every member.
 */
class RoomSettingsDdpTest {
    private static final String NOTIFY_USER = "stream-notify-user";
    private static final Object NO_ARGS = obj("useCollection", false, "args", List.of());

    private static TestServer server;
    private static ApiClient owner;
    private static ApiClient member;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.newUser("ddp-owner");
        member = server.newUser("ddp-member");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void saveRoomSettings_changesTheRoom_andEveryMemberGetsRoomsChangedUpdated() {
        String room = create("ddp-room");
        try (DdpClient owners = Frames.loggedIn(server, "ddp-owner"); DdpClient members = Frames.loggedIn(server, "ddp-member")) {
            members.subscribe(NOTIFY_USER, member.userId() + "/rooms-changed", NO_ARGS);

            JsonNode result = callOk(owners, "saveRoomSettings", room, obj("roomTopic", "live topic",
                    "roomAnnouncement", "live news"));

            assertThat(result.path("result").asBoolean()).isTrue();
            assertThat(result.path("rid").asText()).isEqualTo(room);
            JsonNode frame = members.await(event(NOTIFY_USER, member.userId() + "/rooms-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("_id").asText().equals(room)));
            assertThat(frame.path("fields").path("args").path(0).asText()).isEqualTo("updated");
            assertThat(frame.path("fields").path("args").path(1).path("topic").asText()).isEqualTo("live topic");
            assertThat(frame.path("fields").path("args").path(1).path("announcement").asText()).isEqualTo("live news");

            callOk(owners, "saveRoomSettings", room, "roomDescription", "the old form");
            assertThat(member.get("/api/v1/rooms.info?roomId=" + room).expectOk().path("room").path("description").asText())
                    .isEqualTo("the old form");
        }
    }

    @Test
    void aRename_sendsSubscriptionsChangedUpdated_withTheNewName() {
        String room = create("ddp-before");
        try (DdpClient owners = Frames.loggedIn(server, "ddp-owner"); DdpClient members = Frames.loggedIn(server, "ddp-member")) {
            members.subscribe(NOTIFY_USER, member.userId() + "/subscriptions-changed", NO_ARGS);

            callOk(owners, "saveRoomSettings", room, obj("roomName", "ddp-after"));

            JsonNode frame = members.await(event(NOTIFY_USER, member.userId() + "/subscriptions-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("rid").asText().equals(room)));
            assertThat(frame.path("fields").path("args").path(0).asText()).isEqualTo("updated");
            assertThat(frame.path("fields").path("args").path(1).path("name").asText()).isEqualTo("ddp-after");
        }
    }

    @Test
    void aMember_isRefused_andAnUnknownSettingIsRefused_changingNothing() {
        String room = create("ddp-guarded");
        StateSnapshot before = StateSnapshot.of(server);
        try (DdpClient owners = Frames.loggedIn(server, "ddp-owner"); DdpClient members = Frames.loggedIn(server, "ddp-member")) {
            assertThat(callError(members, "saveRoomSettings", room, obj("roomTopic", "mine")).path("error").asText())
                    .isEqualTo("error-action-not-allowed");
            assertThat(callError(owners, "saveRoomSettings", room, obj("roomTopic", "x", "encrypted", true))
                    .path("error").asText()).isEqualTo("error-invalid-settings");
            assertThat(callError(owners, "saveRoomSettings", "nosuchroom", obj("roomTopic", "x")).path("error").asText())
                    .isEqualTo("error-invalid-room");
        }
        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void getRoomRoles_listsTheOwner() {
        String room = create("ddp-roles");
        try (DdpClient members = Frames.loggedIn(server, "ddp-member")) {
            JsonNode roles = callOk(members, "getRoomRoles", room);
            assertThat(roles).hasSize(1);
            assertThat(roles.get(0).path("u").path("username").asText()).isEqualTo("ddp-owner");
            assertThat(roles.get(0).path("roles").toString()).isEqualTo("[\"owner\"]");
        }
    }

    private static String create(String name) {
        return owner.post("/api/v1/groups.create", obj("name", name, "members", List.of("ddp-member"))).expectOk()
                .path("group").path("_id").asText();
    }
}
