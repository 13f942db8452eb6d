package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.after;
import static dev.fedchat.server.api.realtime.Frames.callError;
import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.api.realtime.Frames.event;
import static dev.fedchat.server.api.realtime.Frames.loggedIn;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Typing (issue 13): a member calls the streamer's write method {@code stream-notify-room} with
 * {@code [<rid>/user-activity, username, activities, extras]} or the older {@code [<rid>/typing,
 * username, typing]}; the room's other listeners get both frames, the typist's session neither;
 * nobody types for someone else, in a room they are not in, or faster than the bound.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DdpTypingTest {
    private static final String NOTIFY_ROOM = "stream-notify-room";

    private static TestServer server;
    private static String roomId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        ApiClient kim = server.newUser("kim");
        server.newUser("lou");
        server.newUser("mia");
        roomId = kim.post("/api/v1/groups.create", obj("name", "typists", "members", List.of("lou")))
                .expectOk().path("group").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static DdpClient listening(String username) {
        DdpClient ddp = loggedIn(server, username);
        assertThat(ddp.subscribe(NOTIFY_ROOM, roomId + "/user-activity", false).path("msg").asText()).isEqualTo("ready");
        assertThat(ddp.subscribe(NOTIFY_ROOM, roomId + "/typing", false).path("msg").asText()).isEqualTo("ready");
        return ddp;
    }

    @Test
    void aMembersTyping_reachesTheOtherListeners_inBothShapes_butNotTheTypist() {
        try (DdpClient kim = listening("kim"); DdpClient lou = listening("lou")) {
            callOk(kim, NOTIFY_ROOM, roomId + "/user-activity", "kim", List.of("user-typing"), obj("tmid", "thread-1"));

            JsonNode activity = lou.await(event(NOTIFY_ROOM, roomId + "/user-activity"));
            assertThat(activity.path("fields").path("args").toString()).isEqualTo("[\"kim\",[\"user-typing\"],{\"tmid\":\"thread-1\"}]");
            JsonNode typing = lou.await(event(NOTIFY_ROOM, roomId + "/typing"));
            assertThat(typing.path("fields").path("args").toString()).isEqualTo("[\"kim\",true]");

            // the older shape, stopping: both frames again
            callOk(kim, NOTIFY_ROOM, roomId + "/typing", "kim", false);
            lou.await(event(NOTIFY_ROOM, roomId + "/user-activity").and(f -> f.path("fields").path("args").toString()
                    .equals("[\"kim\",[],{}]")));
            JsonNode stopped = lou.await(event(NOTIFY_ROOM, roomId + "/typing").and(f -> f.path("fields").path("args")
                    .toString().equals("[\"kim\",false]")));

            // lou answers; once kim hears lou, kim's own typing would have arrived before had it been sent back
            callOk(lou, NOTIFY_ROOM, roomId + "/user-activity", "lou", List.of("user-typing"), obj());
            kim.await(event(NOTIFY_ROOM, roomId + "/user-activity"));
            assertThat(kim.received()).noneMatch(f -> event(NOTIFY_ROOM, roomId + "/user-activity").test(f)
                    && f.path("fields").path("args").path(0).asText().equals("kim"));
            assertThat(after(lou, stopped)).noneMatch(f -> f.path("fields").path("args").path(0).asText().equals("lou"));
        }
    }

    @Test
    void typingAsSomeoneElse_outsideTheRoom_orAnotherEvent_isRefused_andNobodyHearsIt() {
        try (DdpClient kim = listening("kim"); DdpClient lou = loggedIn(server, "lou"); DdpClient mia = loggedIn(server, "mia")) {
            assertThat(callError(lou, NOTIFY_ROOM, roomId + "/user-activity", "kim", List.of("user-typing"), obj())
                    .path("error").asText()).isEqualTo("not-allowed");
            assertThat(callError(mia, NOTIFY_ROOM, roomId + "/user-activity", "mia", List.of("user-typing"), obj())
                    .path("error").asText()).isEqualTo("not-allowed");
            assertThat(callError(lou, NOTIFY_ROOM, roomId + "/deleteMessage", "lou", obj("_id", "x"))
                    .path("error").asText()).isEqualTo("not-allowed");
            callError(lou, NOTIFY_ROOM, roomId + "/user-activity", "lou", "typing-as-a-string", obj());
            callError(lou, NOTIFY_ROOM, roomId + "/user-activity", "lou", List.of("a", "b", "c", "d", "e", "f"), obj());
            try (DdpClient anonymous = server.ddp().handshake()) {
                callError(anonymous, NOTIFY_ROOM, roomId + "/typing", "lou", true);
            }

            // a real report after the refused ones: had any been relayed, kim would have it before this one
            callOk(lou, NOTIFY_ROOM, roomId + "/typing", "lou", true);
            JsonNode real = kim.await(event(NOTIFY_ROOM, roomId + "/user-activity"));
            assertThat(real.path("fields").path("args").toString()).isEqualTo("[\"lou\",[\"user-typing\"],{}]");
        }
    }

    @Test
    void aSessionTypingFasterThanTheBound_isRefused() {
        try (DdpClient lou = loggedIn(server, "lou")) {
            JsonNode refused = null;
            for (int i = 0; i < 100 && refused == null; i++) {
                JsonNode answer = lou.call(NOTIFY_ROOM, roomId + "/typing", "lou", i % 2 == 0);
                if (answer.has("error")) {
                    refused = answer.path("error");
                }
            }
            assertThat(refused).as("100 reports at once pass the bound of 10").isNotNull();
            assertThat(refused.path("error").asText()).isEqualTo("error-too-many-requests");
        }
    }
}
