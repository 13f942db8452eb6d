package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.api.realtime.Frames.event;
import static dev.fedchat.server.api.realtime.Frames.firstArg;
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
 * A new message updates every member's room list live, as Rocket.Chat does (issue 13: it never
 * sent {@code updated}): {@code rooms-changed} with the room and its {@code lastMessage}, and
 * {@code subscriptions-changed} with the member's own unread count.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomListUpdatesTest {
    private static final String NOTIFY_USER = "stream-notify-user";
    private static final Object NO_ARGS = obj("useCollection", false, "args", List.of());

    private static TestServer server;
    private static ApiClient una;
    private static ApiClient vic;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        una = server.newUser("una");
        vic = server.newUser("vic");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aNewMessage_sendsEachMemberTheRoomWithItsLastMessage_andTheirOwnUnreadCount() {
        String room = una.post("/api/v1/groups.create", obj("name", "lists", "members", List.of("vic")))
                .expectOk().path("group").path("_id").asText();
        try (DdpClient vicLive = Frames.loggedIn(server, "vic")) {
            assertThat(vicLive.subscribe(NOTIFY_USER, vic.userId() + "/rooms-changed", NO_ARGS).path("msg").asText())
                    .isEqualTo("ready");
            assertThat(vicLive.subscribe(NOTIFY_USER, vic.userId() + "/subscriptions-changed", NO_ARGS).path("msg").asText())
                    .isEqualTo("ready");
            String first = una.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "one")).expectOk()
                    .path("message").path("_id").asText();
            String second = una.post("/api/v1/chat.postMessage", obj("roomId", room, "text", "two")).expectOk()
                    .path("message").path("_id").asText();

            JsonNode roomFrame = vicLive.await(event(NOTIFY_USER, vic.userId() + "/rooms-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("lastMessage").path("_id").asText().equals(second)));
            assertThat(firstArg(roomFrame).asText()).isEqualTo("updated");
            JsonNode listed = roomFrame.path("fields").path("args").path(1);
            assertThat(listed.path("_id").asText()).isEqualTo(room);
            assertThat(listed.path("lastMessage").path("msg").asText()).isEqualTo("two");
            assertThat(listed.path("lm").path("$date").asLong())
                    .isEqualTo(listed.path("lastMessage").path("ts").path("$date").asLong());

            JsonNode subFrame = vicLive.await(event(NOTIFY_USER, vic.userId() + "/subscriptions-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("unread").asInt() == 2));
            assertThat(subFrame.path("fields").path("args").path(1).path("rid").asText()).isEqualTo(room);
            assertThat(subFrame.path("fields").path("args").path(1).path("alert").asBoolean()).isTrue();
            assertThat(vicLive.received()).anyMatch(event(NOTIFY_USER, vic.userId() + "/rooms-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("lastMessage").path("_id").asText().equals(first)));

            // reading the room is a change of the list too
            callOk(vicLive, "readMessages", room);
            vicLive.await(event(NOTIFY_USER, vic.userId() + "/subscriptions-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("unread").asInt() == 0));
        }
    }
}
