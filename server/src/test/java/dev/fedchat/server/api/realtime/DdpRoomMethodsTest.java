package dev.fedchat.server.api.realtime;

import static dev.fedchat.server.api.realtime.Frames.callError;
import static dev.fedchat.server.api.realtime.Frames.callOk;
import static dev.fedchat.server.api.realtime.Frames.ejsonDate;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The room-list methods a client syncs with (client-api.md §3.2): {@code subscriptions/get} and
 * {@code rooms/get}, whose answer is a plain array without an argument (the Java client needs it)
 * and {@code {update, remove}} with a {@code {$date}}; and {@code createDirectMessage}.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DdpRoomMethodsTest {
    private static TestServer server;
    private static ApiClient admin;
    private static ApiClient uma;
    private static String channelId;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        uma = server.newUser("uma");
        server.newUser("vic");
        channelId = admin.post("/api/v1/channels.create", obj("name", "uma-room", "members", List.of("uma")))
                .expectOk().path("channel").path("_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void subscriptionsGet_withoutArgument_isAPlainArrayOfTheUsersSubscriptions() {
        try (DdpClient ddp = Frames.loggedIn(server, "uma")) {
            JsonNode list = callOk(ddp, "subscriptions/get");
            assertThat(list.isArray()).as("answer %s", list).isTrue();
            JsonNode room = find(list, "rid", channelId);
            assertThat(room.path("name").asText()).isEqualTo("uma-room");
            assertThat(room.path("t").asText()).isEqualTo("c");
            assertThat(room.path("u").path("username").asText()).isEqualTo("uma");
            assertThat(room.path("_id").asText()).isNotBlank();
            ejsonDate(room.path("_updatedAt"));
            assertThat(ids(list, "rid")).containsExactlyInAnyOrderElementsOf(
                    ids(uma.get("/api/v1/subscriptions.get").expectOk().path("update"), "rid"));
        }
    }

    @Test
    void subscriptionsGet_withADate_isUpdateAndRemove_ofWhatChangedSince() {
        try (DdpClient ddp = Frames.loggedIn(server, "uma")) {
            JsonNode everything = callOk(ddp, "subscriptions/get", obj("$date", 0));
            assertThat(everything.path("update").isArray()).as("answer %s", everything).isTrue();
            assertThat(everything.path("remove").isArray()).as("answer %s", everything).isTrue();
            assertThat(ids(everything.path("update"), "rid")).contains(channelId);

            long before = System.currentTimeMillis() - 1;
            String later = admin.post("/api/v1/groups.create", obj("name", "uma-later", "members", List.of("uma")))
                    .expectOk().path("group").path("_id").asText();
            JsonNode changed = callOk(ddp, "subscriptions/get", obj("$date", before));
            assertThat(ids(changed.path("update"), "rid")).containsExactly(later);

            JsonNode none = callOk(ddp, "subscriptions/get", obj("$date", System.currentTimeMillis() + 60_000));
            assertThat(none.path("update").size()).isZero();
        }
    }

    @Test
    void roomsGet_withoutArgument_isAPlainArray_andWithADate_isUpdateAndRemove() {
        try (DdpClient ddp = Frames.loggedIn(server, "uma")) {
            JsonNode list = callOk(ddp, "rooms/get");
            assertThat(list.isArray()).as("answer %s", list).isTrue();
            JsonNode room = find(list, "_id", channelId);
            assertThat(room.path("t").asText()).isEqualTo("c");
            assertThat(room.path("name").asText()).isEqualTo("uma-room");
            ejsonDate(room.path("_updatedAt"));

            JsonNode since = callOk(ddp, "rooms/get", obj("$date", 0));
            assertThat(ids(since.path("update"), "_id")).contains(channelId);
            assertThat(since.path("remove").isArray()).as("answer %s", since).isTrue();
            JsonNode none = callOk(ddp, "rooms/get", obj("$date", System.currentTimeMillis() + 60_000));
            assertThat(none.path("update").size()).isZero();
        }
    }

    @Test
    void afterAKick_theDateFormsListTheEndedSubscriptionAndRoomUnderRemove() {
        String groupId = admin.post("/api/v1/groups.create", obj("name", "brief-stay", "members", List.of("uma")))
                .expectOk().path("group").path("_id").asText();
        try (DdpClient ddp = Frames.loggedIn(server, "uma")) {
            String subscriptionId = find(callOk(ddp, "subscriptions/get"), "rid", groupId).path("_id").asText();
            long before = System.currentTimeMillis() - 1;
            admin.post("/api/v1/groups.kick", obj("roomId", groupId, "username", "uma")).expectOk();

            JsonNode subs = callOk(ddp, "subscriptions/get", obj("$date", before));
            assertThat(ids(subs.path("remove"), "_id")).containsExactly(subscriptionId);
            ejsonDate(subs.path("remove").path(0).path("_deletedAt"));
            assertThat(ids(subs.path("update"), "rid")).doesNotContain(groupId);
            assertThat(ids(callOk(ddp, "rooms/get", obj("$date", before)).path("remove"), "_id")).containsExactly(groupId);
            assertThat(ids(callOk(ddp, "subscriptions/get"), "rid")).doesNotContain(groupId);
        }
    }

    @Test
    void createDirectMessage_opensTheDm_andBothSidesSeeIt() {
        try (DdpClient ddp = Frames.loggedIn(server, "uma")) {
            JsonNode dm = callOk(ddp, "createDirectMessage", "vic");
            String rid = dm.path("rid").asText();
            assertThat(dm.path("_id").asText()).isEqualTo(rid);
            assertThat(dm.path("t").asText()).isEqualTo("d");
            assertThat(dm.path("usernames")).extracting(JsonNode::asText).containsExactlyInAnyOrder("uma", "vic");

            assertThat(ids(uma.get("/api/v1/im.list").expectOk().path("ims"), "_id")).contains(rid);
            ApiClient vic = server.client().login("vic", "vic-pass");
            JsonNode theirs = vic.get("/api/v1/subscriptions.getOne?roomId=" + rid).expectOk().path("subscription");
            assertThat(theirs.path("name").asText()).isEqualTo("uma");

            // opening it again answers the same room
            assertThat(callOk(ddp, "createDirectMessage", "vic").path("rid").asText()).isEqualTo(rid);
            callOk(ddp, "sendMessage", obj("rid", rid, "msg", "psst"));
            assertThat(vic.get("/api/v1/im.history?roomId=" + rid).expectOk().path("messages").path(0).path("msg").asText())
                    .isEqualTo("psst");
        }
    }

    @Test
    void createDirectMessage_withAnUnknownUser_failsAndOpensNothing() {
        try (DdpClient ddp = Frames.loggedIn(server, "uma")) {
            int before = uma.get("/api/v1/im.list").expectOk().path("ims").size();
            JsonNode error = callError(ddp, "createDirectMessage", "ghost-of-nobody");
            assertThat(error.path("error").asText()).isEqualTo("error-invalid-user");
            assertThat(callError(ddp, "createDirectMessage").path("error").asText()).isNotBlank();
            assertThat(uma.get("/api/v1/im.list").expectOk().path("ims").size()).isEqualTo(before);
        }
    }

    private static JsonNode find(JsonNode list, String field, String value) {
        for (JsonNode item : list) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + list);
    }

    private static List<String> ids(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(item -> out.add(item.path(field).asText()));
        return out;
    }
}
