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
 * A room's settings through REST as Rocket.Chat shapes them (issue 13, "Rooms"):
 * {@code rooms.saveRoomSettings} and the {@code channels.*}/{@code groups.*} setters, shown in the
 * room and written as Rocket.Chat's system messages; bad input and callers without the right are
 * refused with Rocket.Chat's errors and change nothing.
 */
class RoomSettingsApiTest {
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

    @Test
    void saveRoomSettings_setsEveryText_andReadOnly_shownInTheRoom_withRocketChatsSystemMessages() {
        String room = create("groups", "settled", "member");

        JsonNode answer = owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomTopic", "the topic",
                "roomAnnouncement", "read this", "roomDescription", "what it is for", "readOnly", true)).expectOk();

        assertThat(answer.path("rid").asText()).isEqualTo(room);
        JsonNode info = member.get("/api/v1/rooms.info?roomId=" + room).expectOk().path("room");
        assertThat(info.path("topic").asText()).isEqualTo("the topic");
        assertThat(info.path("announcement").asText()).isEqualTo("read this");
        assertThat(info.path("description").asText()).isEqualTo("what it is for");
        assertThat(info.path("ro").asBoolean()).isTrue();
        assertThat(systemMessages("groups", room)).containsExactly("room_changed_topic:the topic",
                "room_changed_announcement:read this", "room_changed_description:what it is for", "room-set-read-only:");
        JsonNode notice = history("groups", room).get(0);
        assertThat(notice.path("u").path("username").asText()).isEqualTo("owner");
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void theSetters_answerAsRocketChat_andAnEmptyTextUnsetsIt(String family) {
        String room = create(family, family + "-setters", "member");

        assertThat(owner.post("/api/v1/" + family + ".setTopic", obj("roomId", room, "topic", "t1")).expectOk()
                .path("topic").asText()).isEqualTo("t1");
        assertThat(owner.post("/api/v1/" + family + ".setAnnouncement", obj("roomId", room, "announcement", "a1"))
                .expectOk().path("announcement").asText()).isEqualTo("a1");
        assertThat(owner.post("/api/v1/" + family + ".setDescription", obj("roomName", family + "-setters",
                "description", "d1")).expectOk().path("description").asText()).isEqualTo("d1");
        JsonNode ro = owner.post("/api/v1/" + family + ".setReadOnly", obj("roomId", room, "readOnly", true)).expectOk();
        assertThat(ro.path(key(family)).path("ro").asBoolean()).isTrue();
        owner.post("/api/v1/" + family + ".setTopic", obj("roomId", room, "topic", "")).expectOk();

        JsonNode info = owner.get("/api/v1/" + family + ".info?roomId=" + room).expectOk().path(key(family));
        assertThat(info.has("topic")).as("an empty topic is unset").isFalse();
        assertThat(info.path("announcement").asText()).isEqualTo("a1");
        assertThat(systemMessages(family, room)).containsExactly("room_changed_topic:t1", "room_changed_announcement:a1",
                "room_changed_description:d1", "room-set-read-only:", "room_changed_topic:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"channels", "groups"})
    void rename_renamesTheRoomAndEverySubscription_withAnRMessage(String family) {
        String room = create(family, family + "-old", "member");

        JsonNode answer = owner.post("/api/v1/" + family + ".rename", obj("roomId", room, "name", family + "-new")).expectOk();

        assertThat(answer.path(key(family)).path("name").asText()).isEqualTo(family + "-new");
        assertThat(member.get("/api/v1/subscriptions.getOne?roomId=" + room).expectOk().path("subscription")
                .path("name").asText()).isEqualTo(family + "-new");
        assertThat(owner.get("/api/v1/" + family + ".info?roomName=" + family + "-new").expectOk().path(key(family))
                .path("_id").asText()).isEqualTo(room);
        assertThat(systemMessages(family, room)).containsExactly("r:" + family + "-new");
    }

    @Test
    void nothingChangesWhenEveryValueIsWhatTheRoomHas() {
        String room = create("groups", "steady", "member");
        owner.post("/api/v1/groups.setTopic", obj("roomId", room, "topic", "same")).expectOk();
        StateSnapshot before = StateSnapshot.of(server);

        owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomTopic", "same", "readOnly", false)).expectOk();

        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void badInput_isRefusedWithRocketChatsErrors_andChangesNothing() {
        String room = create("groups", "guarded-input", "member");
        create("groups", "taken");
        StateSnapshot before = StateSnapshot.of(server);

        owner.post("/api/v1/rooms.saveRoomSettings", obj("roomTopic", "no rid")).expectErrorType("invalid-params");
        owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", "nosuchroom", "roomTopic", "x"))
                .expectErrorType("error-invalid-room");
        owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomTopic", "x", "roomType", "c"))
                .expectErrorType("error-invalid-settings");
        owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomTopic", "x", "colour", "red"))
                .expectErrorType("invalid-params");
        owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomTopic", 42)).expectErrorType("invalid-params");
        owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "readOnly", "yes")).expectErrorType("invalid-params");
        owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomTopic", "x".repeat(1025)))
                .expectErrorType("invalid-params");
        owner.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomTopic", "x", "roomName", "no spaces allowed"))
                .expectErrorType("error-invalid-room-name");
        owner.post("/api/v1/groups.rename", obj("roomId", room, "name", "taken")).expectErrorType("error-duplicate-channel-name");
        owner.post("/api/v1/groups.rename", obj("roomId", room, "name", "TAKEN")).expectErrorType("error-duplicate-channel-name");
        JsonNode same = owner.post("/api/v1/groups.rename", obj("roomId", room, "name", "guarded-input")).expectError(400);
        assertThat(same.path("error").asText()).isEqualTo("The private group name is the same as what it would be renamed to.");
        JsonNode missing = owner.post("/api/v1/groups.setTopic", obj("roomId", room)).expectError(400);
        assertThat(missing.path("error").asText()).isEqualTo("The bodyParam \"topic\" is required");
        JsonNode sameRo = owner.post("/api/v1/groups.setReadOnly", obj("roomId", room, "readOnly", false)).expectError(400);
        assertThat(sameRo.path("error").asText())
                .isEqualTo("The private group read only setting is the same as what it would be changed to.");
        owner.post("/api/v1/channels.setTopic", obj("roomId", room, "topic", "x")).expectErrorType("error-room-not-found");

        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void callersWithoutTheRight_areRefusedWithRocketChatsErrors_andChangeNothing() {
        String room = create("channels", "guarded-rights", "member");
        owner.post("/api/v1/channels.addModerator", obj("roomId", room, "userId", outsider.userId())).expectErrorType(
                "error-user-not-in-room");
        StateSnapshot before = StateSnapshot.of(server);

        JsonNode refused = member.post("/api/v1/channels.setTopic", obj("roomId", room, "topic", "mine now"))
                .expectErrorType("error-action-not-allowed");
        assertThat(refused.path("error").asText()).startsWith("Editing room is not allowed");
        outsider.post("/api/v1/rooms.saveRoomSettings", obj("rid", room, "roomAnnouncement", "hi"))
                .expectErrorType("error-action-not-allowed");
        member.post("/api/v1/channels.rename", obj("roomId", room, "name", "hijacked")).expectErrorType("error-action-not-allowed");
        member.post("/api/v1/channels.setReadOnly", obj("roomId", room, "readOnly", true)).expectErrorType("error-action-not-allowed");
        server.client().post("/api/v1/channels.setTopic", obj("roomId", room, "topic", "anonymous")).expectError(401);

        StateSnapshot.of(server).assertUnchangedSince(before);
    }

    @Test
    void aModerator_editsTheTexts_butOnlyOwnersAndAdminsSetReadOnly() {
        String room = create("groups", "moderated", "member");
        owner.post("/api/v1/groups.addModerator", obj("roomId", room, "userId", member.userId())).expectOk();

        member.post("/api/v1/groups.setTopic", obj("roomId", room, "topic", "by the moderator")).expectOk();
        JsonNode ro = member.post("/api/v1/groups.setReadOnly", obj("roomId", room, "readOnly", true))
                .expectErrorType("error-action-not-allowed");
        assertThat(ro.path("error").asText()).startsWith("Editing readOnly room is not allowed");
        server.admin().post("/api/v1/groups.setReadOnly", obj("roomId", room, "readOnly", true)).expectOk();

        JsonNode info = owner.get("/api/v1/groups.info?roomId=" + room).expectOk().path("group");
        assertThat(info.path("topic").asText()).isEqualTo("by the moderator");
        assertThat(info.path("ro").asBoolean()).isTrue();
    }

    @Test
    void aReadOnlyRoom_takesPostsFromOwnersAndModeratorsOnly() {
        String room = create("channels", "announcements", "member");
        ApiClient moderator = server.newUser("announcer");
        owner.post("/api/v1/channels.invite", obj("roomId", room, "userId", moderator.userId())).expectOk();
        owner.post("/api/v1/channels.addModerator", obj("roomId", room, "userId", moderator.userId())).expectOk();
        owner.post("/api/v1/channels.setReadOnly", obj("roomId", room, "readOnly", true)).expectOk();

        member.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "may I?")).expectErrorType("error-not-allowed");
        moderator.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "news")).expectOk();
        owner.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "more news")).expectOk();

        assertThat(history("channels", room).stream().filter(m -> !m.has("t")).map(m -> m.path("msg").asText()))
                .containsExactly("more news", "news");
    }

    private static String create(String family, String name, String... members) {
        return owner.post("/api/v1/" + family + ".create", obj("name", name, "members", List.of(members))).expectOk()
                .path(key(family)).path("_id").asText();
    }

    /** The room's messages, newest first. */
    private static List<JsonNode> history(String family, String room) {
        List<JsonNode> out = new ArrayList<>();
        owner.get("/api/v1/" + family + ".history?roomId=" + room).expectOk().path("messages").forEach(out::add);
        return out;
    }

    /** The room's system messages, oldest first, as {@code t:msg}. */
    private static List<String> systemMessages(String family, String room) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : history(family, room)) {
            if (m.has("t")) {
                out.add(0, m.path("t").asText() + ":" + m.path("msg").asText());
            }
        }
        return out;
    }

    private static String key(String family) {
        return family.equals("channels") ? "channel" : "group";
    }
}
