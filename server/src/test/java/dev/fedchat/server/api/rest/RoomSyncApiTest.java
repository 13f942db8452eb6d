package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Incremental sync: {@code rooms.get} and {@code subscriptions.get} with {@code updatedSince}. */
class RoomSyncApiTest {
    private static TestServer server;
    private static ApiClient owner;
    private static ApiClient member;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.newUser("owner");
        member = server.newUser("member");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void updatedSince_listsOnlyLaterChanges() {
        String old = owner.post("/api/v1/groups.create", obj("name", "old-group", "members", List.of("member")))
                .expectOk().path("group").path("_id").asText();
        String since = lastUpdate(member, old);
        String fresh = owner.post("/api/v1/groups.create", obj("name", "fresh-group", "members", List.of("member")))
                .expectOk().path("group").path("_id").asText();

        JsonNode rooms = member.get("/api/v1/rooms.get?updatedSince=" + since).expectOk();
        assertThat(rooms.path("update")).extracting(r -> r.path("_id").asText()).contains(fresh).doesNotContain(old);
        JsonNode subs = member.get("/api/v1/subscriptions.get?updatedSince=" + since).expectOk();
        assertThat(subs.path("update")).extracting(s -> s.path("rid").asText()).contains(fresh).doesNotContain(old);
    }

    @Test
    void kickedAndDeleted_roomsAreListedUnderRemove() {
        String kickedFrom = owner.post("/api/v1/groups.create", obj("name", "kick-room", "members", List.of("member")))
                .expectOk().path("group").path("_id").asText();
        String deleted = owner.post("/api/v1/groups.create", obj("name", "doomed-room", "members", List.of("member")))
                .expectOk().path("group").path("_id").asText();
        String subscriptionId = member.get("/api/v1/subscriptions.getOne?roomId=" + kickedFrom).expectOk()
                .path("subscription").path("_id").asText();
        String since = lastUpdate(member, deleted);

        owner.post("/api/v1/groups.kick", obj("roomId", kickedFrom, "userId", member.userId())).expectOk();
        owner.post("/api/v1/groups.delete", obj("roomId", deleted)).expectOk();

        JsonNode rooms = member.get("/api/v1/rooms.get?updatedSince=" + since).expectOk();
        assertThat(rooms.path("remove")).extracting(r -> r.path("_id").asText()).contains(kickedFrom, deleted);
        assertThat(rooms.path("remove").path(0).path("_deletedAt").asText()).endsWith("Z");
        JsonNode subs = member.get("/api/v1/subscriptions.get?updatedSince=" + since).expectOk();
        assertThat(subs.path("remove")).extracting(s -> s.path("_id").asText()).contains(subscriptionId);

        // invited again: the room is an update, no longer a removal
        owner.post("/api/v1/groups.invite", obj("roomId", kickedFrom, "userId", member.userId())).expectOk();
        JsonNode again = member.get("/api/v1/rooms.get?updatedSince=" + since).expectOk();
        assertThat(again.path("remove")).extracting(r -> r.path("_id").asText()).doesNotContain(kickedFrom).contains(deleted);
        assertThat(again.path("update")).extracting(r -> r.path("_id").asText()).contains(kickedFrom);
    }

    @Test
    void updatedSince_mustBeADate() {
        member.get("/api/v1/rooms.get?updatedSince=yesterday").expectErrorType("invalid-params");
    }

    /** The newest {@code _updatedAt} the member has seen, as a client would keep it. */
    private static String lastUpdate(ApiClient client, String roomId) {
        JsonNode all = client.get("/api/v1/subscriptions.get").expectOk().path("update");
        String newest = "";
        for (JsonNode s : all) {
            String at = s.path("_updatedAt").asText();
            if (at.compareTo(newest) > 0) {
                newest = at;
            }
        }
        assertThat(all).extracting(s -> s.path("rid").asText()).contains(roomId);
        // changes made from now on must carry a later millisecond than the one returned
        long mark = java.time.Instant.parse(newest).toEpochMilli();
        org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > mark + 1);
        return newest;
    }
}
