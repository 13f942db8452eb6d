package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.after;
import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.api.realtime.Frames.ejsonDate;
import static dev.fedchat.server.api.realtime.Frames.event;
import static dev.fedchat.server.api.realtime.Frames.firstArg;
import static dev.fedchat.server.api.realtime.Frames.messageEvent;
import static dev.fedchat.server.api.realtime.Frames.msg;
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
 * {@code stream-notify-room} and {@code stream-notify-user} (client-api.md §3.1 step 5, §3.2):
 * deletions, a user's room list changing, notifications, and who may listen to what.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotifyStreamsTest {
    private static final String NOTIFY_ROOM = "stream-notify-room";
    private static final String NOTIFY_USER = "stream-notify-user";
    private static final Object NO_ARGS = obj("useCollection", false, "args", List.of());

    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient yuri;
    private static ApiClient zoe;
    private static String plazaId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        yuri = server.newUser("yuri");
        zoe = server.newUser("zoe");
        plazaId = admin.post("/api/v1/channels.create", obj("name", "plaza", "members", List.of("yuri", "zoe")))
                .expectOk().path("channel").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void deletingAMessage_isAnnouncedOnNotifyRoom_withItsId() {
        try (DdpClient ddp = Frames.loggedIn(server, "yuri")) {
            String event = plazaId + "/deleteMessage";
            assertReady(ddp.subscribe(NOTIFY_ROOM, event, NO_ARGS));
            String viaRest = post(zoe, plazaId, "delete me over REST");
            zoe.post("/api/v1/chat.delete", obj("roomId", plazaId, "msgId", viaRest)).expectOk();
            JsonNode frame = ddp.await(event(NOTIFY_ROOM, event).and(f -> firstArg(f).path("_id").asText().equals(viaRest)));
            assertThat(frame.path("fields").path("args").toString()).isEqualTo("[{\"_id\":\"" + viaRest + "\"}]");

            String viaDdp = callOk(ddp, "sendMessage", obj("rid", plazaId, "msg", "delete me over DDP")).path("_id").asText();
            callOk(ddp, "deleteMessage", obj("_id", viaDdp));
            ddp.await(event(NOTIFY_ROOM, event).and(f -> firstArg(f).path("_id").asText().equals(viaDdp)));
        }
    }

    @Test
    void notifyRoom_ofARoomTheUserCannotRead_isNosub() {
        String hidden = admin.post("/api/v1/groups.create", obj("name", "hidden-room")).expectOk().path("group").path("_id").asText();
        try (DdpClient ddp = Frames.loggedIn(server, "yuri")) {
            JsonNode nosub = ddp.subscribe(NOTIFY_ROOM, hidden + "/deleteMessage", NO_ARGS);
            assertThat(nosub.path("msg").asText()).isEqualTo("nosub");
            assertThat(nosub.path("error").path("error").asText()).isEqualTo("not-allowed");
        }
    }

    @Test
    void beingInvitedToAGroup_sendsSubscriptionsChangedAndRoomsChanged() {
        try (DdpClient ddp = Frames.loggedIn(server, "yuri")) {
            assertReady(ddp.subscribe(NOTIFY_USER, yuri.userId() + "/subscriptions-changed", NO_ARGS));
            assertReady(ddp.subscribe(NOTIFY_USER, yuri.userId() + "/rooms-changed", NO_ARGS));
            String groupId = admin.post("/api/v1/groups.create", obj("name", "inner-circle")).expectOk()
                    .path("group").path("_id").asText();
            admin.post("/api/v1/groups.invite", obj("roomId", groupId, "username", "yuri")).expectOk();

            JsonNode sub = ddp.await(event(NOTIFY_USER, yuri.userId() + "/subscriptions-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("rid").asText().equals(groupId)));
            JsonNode subArgs = sub.path("fields").path("args");
            assertThat(subArgs.path(0).asText()).isEqualTo("inserted");
            assertThat(subArgs.path(1).path("t").asText()).isEqualTo("p");
            assertThat(subArgs.path(1).path("name").asText()).isEqualTo("inner-circle");
            assertThat(subArgs.path(1).path("u").path("_id").asText()).isEqualTo(yuri.userId());
            ejsonDate(subArgs.path(1).path("_updatedAt"));

            JsonNode room = ddp.await(event(NOTIFY_USER, yuri.userId() + "/rooms-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("_id").asText().equals(groupId)));
            assertThat(room.path("fields").path("args").path(0).asText()).isEqualTo("inserted");
            assertThat(room.path("fields").path("args").path(1).path("t").asText()).isEqualTo("p");
            assertThat(room.path("fields").path("args").path(1).path("name").asText()).isEqualTo("inner-circle");

            admin.post("/api/v1/groups.kick", obj("roomId", groupId, "username", "yuri")).expectOk();
            ddp.await(event(NOTIFY_USER, yuri.userId() + "/subscriptions-changed")
                    .and(f -> f.path("fields").path("args").path(0).asText().equals("removed")));
            ddp.await(event(NOTIFY_USER, yuri.userId() + "/rooms-changed")
                    .and(f -> f.path("fields").path("args").path(0).asText().equals("removed")));
        }
    }

    /** The web client names a new DM from this event: it must name the other member for both of them. */
    @Test
    void openingADirectMessage_sendsEachMemberASubscriptionNamedForTheOther() {
        ApiClient vera = server.newUser("vera");
        try (DdpClient ddp = Frames.loggedIn(server, "vera")) {
            assertReady(ddp.subscribe(NOTIFY_USER, vera.userId() + "/subscriptions-changed", NO_ARGS));
            String dm = vera.post("/api/v1/im.create", obj("username", "zoe")).expectOk().path("room").path("_id").asText();

            JsonNode sub = ddp.await(event(NOTIFY_USER, vera.userId() + "/subscriptions-changed")
                    .and(f -> f.path("fields").path("args").path(1).path("rid").asText().equals(dm)));
            assertThat(sub.path("fields").path("args").path(1).path("name").asText()).isEqualTo("zoe");
        }
    }

    @Test
    void aDirectMessage_notifiesTheRecipient_butNotTheSender() {
        try (DdpClient yuriDdp = Frames.loggedIn(server, "yuri"); DdpClient zoeDdp = Frames.loggedIn(server, "zoe")) {
            assertReady(yuriDdp.subscribe(NOTIFY_USER, yuri.userId() + "/notification", NO_ARGS));
            assertReady(zoeDdp.subscribe(NOTIFY_USER, zoe.userId() + "/notification", NO_ARGS));
            assertReady(zoeDdp.subscribe("stream-room-messages", "__my_messages__", NO_ARGS));
            String dm = callOk(zoeDdp, "createDirectMessage", "yuri").path("rid").asText();
            String id = callOk(zoeDdp, "sendMessage", obj("rid", dm, "msg", "are you there?")).path("_id").asText();

            JsonNode note = firstArg(yuriDdp.await(event(NOTIFY_USER, yuri.userId() + "/notification")));
            assertThat(note.path("title").asText()).isEqualTo("@zoe");
            assertThat(note.path("text").asText()).isEqualTo("are you there?");
            JsonNode payload = note.path("payload");
            assertThat(payload.path("_id").asText()).isEqualTo(id);
            assertThat(payload.path("rid").asText()).isEqualTo(dm);
            assertThat(payload.path("type").asText()).isEqualTo("d");
            assertThat(payload.path("sender").path("username").asText()).isEqualTo("zoe");
            assertThat(payload.path("sender").path("_id").asText()).isEqualTo(zoe.userId());
            assertThat(payload.path("message").path("msg").asText()).isEqualTo("are you there?");

            // events fan out in commit order: once zoe sees her next message, a notification for the
            // first one would already have arrived
            String marker = callOk(zoeDdp, "sendMessage", obj("rid", plazaId, "msg", "marker")).path("_id").asText();
            zoeDdp.await(messageEvent("stream-room-messages", "__my_messages__", marker, "marker"));
            assertThat(zoeDdp.received()).noneMatch(event(NOTIFY_USER, zoe.userId() + "/notification"));
        }
    }

    @Test
    void listeningToAnotherUsersEvents_isNosub() {
        try (DdpClient ddp = Frames.loggedIn(server, "yuri")) {
            for (String event : List.of("notification", "subscriptions-changed", "rooms-changed", "message")) {
                JsonNode nosub = ddp.subscribe(NOTIFY_USER, zoe.userId() + "/" + event, NO_ARGS);
                assertThat(nosub.path("msg").asText()).as(event).isEqualTo("nosub");
                assertThat(nosub.path("error").path("error").asText()).as(event).isEqualTo("not-allowed");
            }
            JsonNode bare = ddp.subscribe(NOTIFY_USER, zoe.userId(), NO_ARGS);
            assertThat(bare.path("msg").asText()).isEqualTo("nosub");

            // and nothing of zoe's reaches yuri: his own DM notification is the first notification he sees
            assertReady(ddp.subscribe(NOTIFY_USER, yuri.userId() + "/notification", NO_ARGS));
            try (DdpClient admins = Frames.loggedIn(server, TestServer.ADMIN, TestServer.ADMIN_PASSWORD)) {
                String toZoe = callOk(admins, "createDirectMessage", "zoe").path("rid").asText();
                callOk(admins, "sendMessage", obj("rid", toZoe, "msg", "for zoe only"));
                String toYuri = callOk(admins, "createDirectMessage", "yuri").path("rid").asText();
                callOk(admins, "sendMessage", obj("rid", toYuri, "msg", "for yuri"));
            }
            ddp.await(f -> firstArg(f).path("text").asText().equals("for yuri"));
            assertThat(ddp.received()).noneMatch(f -> firstArg(f).path("text").asText().equals("for zoe only"));
        }
    }

    @Test
    void logout_endsTheSubscriptionsThatNeedAUser() {
        String privateId = admin.post("/api/v1/groups.create", obj("name", "yuri-private", "members", List.of("yuri")))
                .expectOk().path("group").path("_id").asText();
        try (DdpClient ddp = Frames.loggedIn(server, "yuri")) {
            String roomSub = assertReady(ddp.subscribe("stream-room-messages", privateId, false));
            String userSub = assertReady(ddp.subscribe(NOTIFY_USER, yuri.userId() + "/notification", NO_ARGS));
            callOk(ddp, "logout");
            JsonNode roomEnd = ddp.await(f -> msg("nosub").test(f) && f.path("id").asText().equals(roomSub));
            assertThat(roomEnd.path("error").path("error").asText()).isEqualTo("not-allowed");
            ddp.await(f -> msg("nosub").test(f) && f.path("id").asText().equals(userSub));

            // zoe logs in on the same socket and listens to plaza; events fan out in commit order,
            // so once her marker arrived, a frame for yuri's private room would have come before it
            ddp.loginWithPassword("zoe", "zoe-pass");
            assertReady(ddp.subscribe("stream-room-messages", plazaId, false));
            String hidden = post(admin, privateId, "after yuri logged out");
            String marker = post(admin, plazaId, "marker");
            ddp.await(messageEvent("stream-room-messages", plazaId, marker, "marker"));
            assertThat(after(ddp, roomEnd)).noneMatch(event("stream-room-messages", privateId))
                    .noneMatch(f -> firstArg(f).path("_id").asText().equals(hidden));
        }
    }

    @Test
    void loggingInAsSomeoneElse_endsThePreviousUsersEvents_andKeepsWhatTheNewUserMayRead() {
        try (DdpClient ddp = Frames.loggedIn(server, "yuri")) {
            String own = assertReady(ddp.subscribe(NOTIFY_USER, yuri.userId() + "/rooms-changed", NO_ARGS));
            String shared = assertReady(ddp.subscribe("stream-room-messages", plazaId, false));
            JsonNode login = ddp.loginWithPassword("zoe", "zoe-pass");
            JsonNode ended = ddp.await(f -> msg("nosub").test(f) && f.path("id").asText().equals(own));
            assertThat(ended.path("error").path("error").asText()).isEqualTo("not-allowed");
            Frames.assertUpdatedFollows(ddp, login);

            // zoe is in plaza too, so that subscription goes on
            String id = post(admin, plazaId, "still streaming");
            ddp.await(messageEvent("stream-room-messages", plazaId, id, "still streaming"));
            assertThat(ddp.received()).noneMatch(f -> msg("nosub").test(f) && f.path("id").asText().equals(shared));
        }
    }

    private static String assertReady(JsonNode answer) {
        assertThat(answer.path("msg").asText()).as("answer %s", answer).isEqualTo("ready");
        return answer.path("subs").path(0).asText();
    }

    private static String post(ApiClient as, String rid, String text) {
        return as.post("/api/v1/chat.sendMessage", obj("message", obj("rid", rid, "msg", text))).expectOk()
                .path("message").path("_id").asText();
    }
}
