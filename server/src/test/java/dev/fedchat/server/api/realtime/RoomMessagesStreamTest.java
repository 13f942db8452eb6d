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
import dev.fedchat.server.api.json.ApiJson;
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
 * {@code stream-room-messages} (client-api.md §3.1 steps 4–6, 8): a room's live messages, edits and
 * reactions; {@code __my_messages__}; who may subscribe; and {@code unsub}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomMessagesStreamTest {
    private static final String STREAM = "stream-room-messages";
    /** A generous bound for "within milliseconds of its commit" on a loaded two-core machine. */
    private static final long DELIVERY_BOUND_MS = 1_000;

    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient wes;
    private static String lobbyId;
    private static String sideId;
    private static String secretId;
    /** A public channel wes is not in. */
    private static String elsewhereId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        wes = server.newUser("wes");
        server.newUser("xena");
        lobbyId = create("channels", "lobby", "wes", "xena");
        sideId = create("channels", "side-room", "wes");
        secretId = create("groups", "secret", "xena");
        elsewhereId = create("channels", "elsewhere");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aMessagePostedOverRest_reachesTheRoomsSubscriber_withEjsonDates_withinMilliseconds() {
        try (DdpClient ddp = Frames.loggedIn(server, "xena")) {
            assertReady(ddp.subscribe(STREAM, lobbyId, obj("useCollection", false, "args", List.of())));
            JsonNode posted = wes.post("/api/v1/chat.sendMessage", obj("message", obj("rid", lobbyId, "msg", "live!")))
                    .expectOk().path("message");
            String id = posted.path("_id").asText();
            JsonNode frame = ddp.await(messageEvent(STREAM, lobbyId, id, "live!"));
            // ts is stamped just before the commit, by the same clock (the server runs in this JVM)
            long sinceCommitMs = System.currentTimeMillis() - ejsonDate(firstArg(frame).path("ts"));

            assertThat(sinceCommitMs).as("from the message's commit to the frame's arrival").isLessThan(DELIVERY_BOUND_MS);
            assertThat(frame.path("id").asText()).isEqualTo("id");
            assertThat(frame.path("fields").path("args").size()).isEqualTo(1);
            JsonNode m = firstArg(frame);
            assertThat(m.path("rid").asText()).isEqualTo(lobbyId);
            assertThat(m.path("u").path("username").asText()).isEqualTo("wes");
            assertThat(ApiJson.iso(ejsonDate(m.path("ts")))).isEqualTo(posted.path("ts").asText());
            ejsonDate(m.path("_updatedAt"));
        }
    }

    @Test
    void editsAndReactions_areResentAsTheWholeMessage_withTheSameId() {
        try (DdpClient ddp = Frames.loggedIn(server, "xena")) {
            assertReady(ddp.subscribe(STREAM, lobbyId, false));
            String id = wes.post("/api/v1/chat.sendMessage", obj("message", obj("rid", lobbyId, "msg", "first draft")))
                    .expectOk().path("message").path("_id").asText();
            ddp.await(messageEvent(STREAM, lobbyId, id, "first draft"));

            wes.post("/api/v1/chat.update", obj("roomId", lobbyId, "msgId", id, "text", "final draft")).expectOk();
            JsonNode edited = firstArg(ddp.await(messageEvent(STREAM, lobbyId, id, "final draft")));
            ejsonDate(edited.path("editedAt"));
            assertThat(edited.path("editedBy").path("username").asText()).isEqualTo("wes");
            assertThat(edited.path("u").path("username").asText()).isEqualTo("wes");

            callOk(ddp, "setReaction", ":thumbsup:", id);
            JsonNode reacted = firstArg(ddp.await(messageEvent(STREAM, lobbyId, id, "final draft")
                    .and(f -> firstArg(f).has("reactions"))));
            assertThat(reacted.path("reactions").path(":thumbsup:").path("usernames").toString()).isEqualTo("[\"xena\"]");
            assertThat(reacted.path("editedAt")).isEqualTo(edited.path("editedAt"));
        }
    }

    @Test
    void aMessageSentOverDdp_reachesOtherSubscribers_asTheDdpClientsOfRealBotsSendIt() {
        try (DdpClient listener = Frames.loggedIn(server, "xena"); DdpClient bot = Frames.loggedIn(server, "wes")) {
            // @rocket.chat/ddp-client subscribes with "args":[null] (client-api.md §4.2 B)
            assertReady(listener.subscribe(STREAM, lobbyId, obj("useCollection", false, "args", java.util.Arrays.asList((Object) null))));
            String id = callOk(bot, "sendMessage", obj("_id", "BotChosenId000001", "rid", lobbyId, "msg", "beep")).path("_id").asText();
            assertThat(id).isEqualTo("BotChosenId000001");
            listener.await(messageEvent(STREAM, lobbyId, id, "beep"));
        }
    }

    @Test
    void myMessages_deliversOnlyRoomsTheUserIsIn_withRoomMetadata() {
        try (DdpClient ddp = Frames.loggedIn(server, "wes")) {
            assertReady(ddp.subscribe(STREAM, "__my_messages__", obj("useCollection", false, "args", List.of())));
            String elsewhere = post(admin, elsewhereId, "not for wes");
            String mine = post(admin, sideId, "for wes");
            JsonNode frame = ddp.await(messageEvent(STREAM, "__my_messages__", mine, "for wes"));

            JsonNode meta = frame.path("fields").path("args").path(1);
            assertThat(meta.path("roomParticipant").asBoolean()).isTrue();
            assertThat(meta.path("roomType").asText()).isEqualTo("c");
            assertThat(meta.path("roomName").asText()).isEqualTo("side-room");
            ejsonDate(firstArg(frame).path("ts"));
            assertThat(ddp.received()).as("a message of a room wes is not in")
                    .noneMatch(f -> firstArg(f).path("_id").asText().equals(elsewhere));
        }
    }

    @Test
    void subscribing_toARoomTheUserCannotRead_isNosubWithNotAllowed() {
        try (DdpClient ddp = Frames.loggedIn(server, "wes")) {
            JsonNode nosub = ddp.subscribe(STREAM, secretId, false);
            assertThat(nosub.path("msg").asText()).isEqualTo("nosub");
            assertThat(nosub.path("error").path("error").asText()).isEqualTo("not-allowed");
            assertThat(nosub.path("error").path("errorType").asText()).isEqualTo("Meteor.Error");

            assertThat(ddp.subscribe(STREAM, "NoSuchRoom0000000", false).path("msg").asText()).isEqualTo("nosub");

            // the refused subscription receives nothing: a later frame on a readable room arrives alone
            assertReady(ddp.subscribe(STREAM, sideId, false));
            post(server.client().login("xena", "xena-pass"), secretId, "secret words");
            String later = post(admin, sideId, "public words");
            ddp.await(messageEvent(STREAM, sideId, later, "public words"));
            assertThat(ddp.received()).noneMatch(event(STREAM, secretId));
        }
    }

    @Test
    void subscribing_toAPublicChannelOneIsNotIn_isAllowed() {
        String open = create("channels", "open-house");
        try (DdpClient ddp = Frames.loggedIn(server, "wes")) {
            assertReady(ddp.subscribe(STREAM, open, false));
            String id = post(admin, open, "welcome, visitors");
            ddp.await(messageEvent(STREAM, open, id, "welcome, visitors"));
        }
    }

    @Test
    void subscribing_beforeLogin_orToAnUnknownStream_isNosub() {
        try (DdpClient ddp = server.ddp().handshake()) {
            JsonNode anonymous = ddp.subscribe(STREAM, lobbyId, false);
            assertThat(anonymous.path("msg").asText()).isEqualTo("nosub");
            assertThat(anonymous.path("error").path("error").asText()).isEqualTo("not-allowed");

            JsonNode unknown = ddp.subscribe("stream-of-consciousness", "x", false);
            assertThat(unknown.path("msg").asText()).isEqualTo("nosub");
            assertThat(unknown.path("error").path("error").asInt()).isEqualTo(404);
        }
    }

    @Test
    void unsub_answersNosub_andNoMoreFramesArrive() {
        try (DdpClient ddp = Frames.loggedIn(server, "wes")) {
            String lobbySub = assertReady(ddp.subscribe(STREAM, lobbyId, false));
            assertReady(ddp.subscribe(STREAM, sideId, false));
            String before = post(admin, lobbyId, "before unsub");
            ddp.await(messageEvent(STREAM, lobbyId, before, "before unsub"));

            ddp.send(obj("msg", "unsub", "id", lobbySub));
            JsonNode nosub = ddp.await(f -> msg("nosub").test(f) && f.path("id").asText().equals(lobbySub));
            assertThat(nosub.has("error")).isFalse();

            String silenced = post(admin, lobbyId, "after unsub");
            String marker = post(admin, sideId, "marker");
            ddp.await(messageEvent(STREAM, sideId, marker, "marker"));
            assertThat(after(ddp, nosub)).noneMatch(event(STREAM, lobbyId))
                    .noneMatch(f -> firstArg(f).path("_id").asText().equals(silenced));
        }
    }

    @Test
    void aSecondSubWithAnIdInUse_isRefused_andUnsubStillEndsTheFirst() {
        try (DdpClient ddp = Frames.loggedIn(server, "wes")) {
            ddp.send(obj("msg", "sub", "id", "dup", "name", STREAM, "params", List.of(lobbyId, false)));
            JsonNode first = ddp.await(f -> msg("ready").test(f) && f.path("subs").path(0).asText().equals("dup"));
            ddp.send(obj("msg", "sub", "id", "dup", "name", STREAM, "params", List.of(sideId, false)));
            JsonNode refused = ddp.await(msg("error").or(msg("ready").and(f -> f != first)));
            assertThat(refused.path("msg").asText()).isEqualTo("error");

            ddp.send(obj("msg", "unsub", "id", "dup"));
            JsonNode nosub = ddp.await(msg("nosub"));
            assertReady(ddp.subscribe(STREAM, "__my_messages__", false));
            post(admin, sideId, "side after unsub");
            String marker = post(admin, lobbyId, "lobby after unsub");
            ddp.await(messageEvent(STREAM, "__my_messages__", marker, "lobby after unsub"));
            assertThat(after(ddp, nosub)).noneMatch(event(STREAM, lobbyId)).noneMatch(event(STREAM, sideId));
        }
    }

    /** Asserts {@code ready} and returns the subscription id. */
    private static String assertReady(JsonNode answer) {
        assertThat(answer.path("msg").asText()).as("answer %s", answer).isEqualTo("ready");
        return answer.path("subs").path(0).asText();
    }

    private static String post(ApiClient as, String rid, String text) {
        return as.post("/api/v1/chat.sendMessage", obj("message", obj("rid", rid, "msg", text))).expectOk()
                .path("message").path("_id").asText();
    }

    private static String create(String family, String name, String... members) {
        String key = family.equals("channels") ? "channel" : "group";
        return admin.post("/api/v1/" + family + ".create", obj("name", name, "members", List.of(members)))
                .expectOk().path(key).path("_id").asText();
    }
}
