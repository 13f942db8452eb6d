package dev.fedchat.server.api.rest;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creating, finding and listing channels and private groups, joining channels, and the room and
 * subscription syncs (client-api.md §2.3, §2.5). Membership changes are in {@link RoomMembershipApiTest}.
 */
class RoomApiTest {
    private static final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    private static TestServer server;
    private static ApiClient alice;
    private static ApiClient bob;

    @BeforeAll
    static void start() {
        server = TestServer.start(UnaryOperator.identity(), clock);
        alice = server.newUser("alice");
        bob = server.newUser("bob");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void channelsCreate_withMembers_makesAPublicRoomOwnedByTheCaller() {
        JsonNode channel = alice.post("/api/v1/channels.create", obj("name", "general-talk", "members", List.of("bob")))
                .expectOk().path("channel");

        assertThat(channel.path("t").asText()).isEqualTo("c");
        assertThat(channel.path("name").asText()).isEqualTo("general-talk");
        assertThat(channel.path("u").path("username").asText()).isEqualTo("alice");
        JsonNode members = bob.get("/api/v1/channels.members?roomId=" + channel.path("_id").asText()).expectOk();
        assertThat(members.path("members")).extracting(m -> m.path("username").asText()).containsExactly("alice", "bob");
        assertThat(members.path("total").asInt()).isEqualTo(2);
        JsonNode own = subscription(alice, channel.path("_id").asText());
        assertThat(own.path("roles")).extracting(JsonNode::asText).containsExactly("owner");
    }

    @Test
    void groupsCreate_makesAPrivateRoomThatOnlyMembersSee() {
        JsonNode group = alice.post("/api/v1/groups.create", obj("name", "secret-plans")).expectOk().path("group");
        String id = group.path("_id").asText();

        assertThat(group.path("t").asText()).isEqualTo("p");
        alice.get("/api/v1/groups.info?roomId=" + id).expectOk();
        JsonNode refused = bob.get("/api/v1/groups.info?roomId=" + id).expectError(403);
        assertThat(refused.path("errorType").asText()).isEqualTo("error-not-allowed");
        bob.get("/api/v1/rooms.info?roomId=" + id).expectError(403);
    }

    @Test
    void create_duplicateName_inEitherFamilyAndAnyCase_isRefused_andCreatesNothing() {
        alice.post("/api/v1/channels.create", obj("name", "Taken")).expectOk();
        long channels = channelTotal();
        ApiClient late = server.newUser("late");

        late.post("/api/v1/channels.create", obj("name", "taken")).expectErrorType("error-duplicate-channel-name");
        late.post("/api/v1/groups.create", obj("name", "TAKEN")).expectErrorType("error-duplicate-channel-name");

        assertThat(channelTotal()).isEqualTo(channels);
        assertThat(late.get("/api/v1/rooms.get").expectOk().path("update")).isEmpty();
    }

    @Test
    void create_invalidName_isInvalidRoomName_andCreatesNothing() {
        long channels = channelTotal();
        for (String name : List.of("has space", "", "semi;colon", "x".repeat(65))) {
            alice.post("/api/v1/channels.create", obj("name", name)).expectErrorType("error-invalid-room-name");
        }
        assertThat(channelTotal()).isEqualTo(channels);
    }

    @Test
    void create_withAnUnknownMember_isInvalidUser_andCreatesNoRoom() {
        JsonNode body = alice.post("/api/v1/groups.create", obj("name", "ghost-town", "members", List.of("bob", "ghost")))
                .expectErrorType("error-invalid-user");
        assertThat(body.path("error").asText()).contains("ghost");

        alice.get("/api/v1/groups.info?roomName=ghost-town").expectErrorType("error-room-not-found");
        alice.post("/api/v1/groups.create", obj("name", "ghost-town")).expectOk();
    }

    @Test
    void create_malformedMissingOrWronglyTypedFields_areInvalidParams() {
        long channels = channelTotal();
        alice.post("/api/v1/channels.create", "{\"name\": ").expectErrorType("invalid-params");
        alice.post("/api/v1/channels.create", "{\"name\": \"trailing\"} {}").expectErrorType("invalid-params");
        alice.post("/api/v1/channels.create", obj()).expectErrorType("invalid-params");
        alice.post("/api/v1/channels.create", obj("name", 7)).expectErrorType("invalid-params");
        alice.post("/api/v1/channels.create", obj("name", "typed", "members", 5)).expectErrorType("invalid-params");
        alice.post("/api/v1/channels.create", obj("name", "typed", "readOnly", "yes")).expectErrorType("invalid-params");
        server.client().post("/api/v1/channels.create", obj("name", "anon")).expectError(401);

        assertThat(channelTotal()).isEqualTo(channels);
    }

    @Test
    void channelsEndpoints_onAPrivateGroupId_answerRoomNotFound_andChangeNothing() {
        String group = alice.post("/api/v1/groups.create", obj("name", "not-a-channel", "members", List.of("bob")))
                .expectOk().path("group").path("_id").asText();
        ApiClient carl = server.newUser("carl");

        alice.get("/api/v1/channels.info?roomId=" + group).expectErrorType("error-room-not-found");
        alice.get("/api/v1/channels.members?roomId=" + group).expectErrorType("error-room-not-found");
        alice.post("/api/v1/channels.invite", obj("roomId", group, "username", "carl")).expectErrorType("error-room-not-found");
        alice.post("/api/v1/channels.kick", obj("roomId", group, "userId", bob.userId())).expectErrorType("error-room-not-found");
        bob.post("/api/v1/channels.leave", obj("roomId", group)).expectErrorType("error-room-not-found");
        alice.post("/api/v1/channels.delete", obj("roomId", group)).expectErrorType("error-room-not-found");
        carl.post("/api/v1/channels.join", obj("roomId", group)).expectErrorType("error-room-not-found");
        alice.get("/api/v1/channels.history?roomId=" + group).expectErrorType("error-room-not-found");

        JsonNode members = alice.get("/api/v1/groups.members?roomId=" + group).expectOk();
        assertThat(members.path("members")).extracting(m -> m.path("username").asText()).containsExactly("alice", "bob");
    }

    @Test
    void familyEndpoints_onAnUnknownRoom_answerRoomNotFound() {
        alice.get("/api/v1/channels.info?roomId=AAAAAAAAAAAAAAAAA").expectErrorType("error-room-not-found");
        alice.get("/api/v1/groups.info?roomName=no-such-group").expectErrorType("error-room-not-found");
        alice.post("/api/v1/groups.leave", obj("roomId", "AAAAAAAAAAAAAAAAA")).expectErrorType("error-room-not-found");
        alice.get("/api/v1/channels.info").expectErrorType("error-room-param-not-provided");
        alice.get("/api/v1/rooms.info?roomId=AAAAAAAAAAAAAAAAA").expectErrorType("error-invalid-room");
    }

    @Test
    void channelsJoin_addsTheCaller_once() {
        String id = alice.post("/api/v1/channels.create", obj("name", "open-door")).expectOk().path("channel").path("_id").asText();
        ApiClient dan = server.newUser("dan");

        dan.post("/api/v1/channels.join", obj("roomId", id)).expectOk();
        dan.post("/api/v1/channels.join", obj("roomName", "open-door")).expectOk();

        JsonNode members = dan.get("/api/v1/channels.members?roomId=" + id).expectOk();
        assertThat(members.path("members")).extracting(m -> m.path("username").asText()).containsExactly("alice", "dan");
        assertThat(subscription(dan, id).path("roles")).isEmpty();
    }

    @Test
    void lists_pageWithCountAndOffset_andReportTheTotal() {
        ApiClient lister = server.newUser("lister");
        for (String name : List.of("list-a", "list-b", "list-c")) {
            lister.post("/api/v1/channels.create", obj("name", name)).expectOk();
        }
        lister.post("/api/v1/groups.create", obj("name", "list-g1")).expectOk();
        lister.post("/api/v1/groups.create", obj("name", "list-g2")).expectOk();
        alice.post("/api/v1/groups.create", obj("name", "list-other")).expectOk();

        JsonNode joined = lister.get("/api/v1/channels.list.joined?count=2&offset=1").expectOk();
        assertThat(joined.path("channels")).extracting(c -> c.path("name").asText()).containsExactly("list-b", "list-c");
        assertThat(joined.path("count").asInt()).isEqualTo(2);
        assertThat(joined.path("offset").asInt()).isEqualTo(1);
        assertThat(joined.path("total").asInt()).isEqualTo(3);

        JsonNode groups = lister.get("/api/v1/groups.list").expectOk();
        assertThat(groups.path("groups")).extracting(g -> g.path("name").asText()).containsExactly("list-g1", "list-g2");
        assertThat(groups.path("total").asInt()).isEqualTo(2);

        JsonNode all = lister.get("/api/v1/channels.list?count=100").expectOk();
        assertThat(all.path("channels")).extracting(c -> c.path("t").asText()).containsOnly("c");
        JsonNode page = lister.get("/api/v1/channels.list?count=2&offset=1").expectOk();
        assertThat(page.path("channels")).extracting(c -> c.path("_id").asText())
                .containsExactly(all.path("channels").get(1).path("_id").asText(), all.path("channels").get(2).path("_id").asText());
        assertThat(page.path("total").asInt()).isEqualTo(all.path("channels").size());

        lister.get("/api/v1/channels.list?count=-1").expectErrorType("invalid-params");
        lister.get("/api/v1/channels.list?offset=abc").expectErrorType("invalid-params");
        server.client().get("/api/v1/channels.list").expectError(401);
    }

    @Test
    void roomsInfo_acceptsRoomIdAndTheSdkAliasRid() {
        String id = alice.post("/api/v1/channels.create", obj("name", "info-room")).expectOk().path("channel").path("_id").asText();

        assertThat(bob.get("/api/v1/rooms.info?roomId=" + id).expectOk().path("room").path("name").asText()).isEqualTo("info-room");
        assertThat(bob.get("/api/v1/rooms.info?rid=" + id).expectOk().path("room").path("_id").asText()).isEqualTo(id);
        assertThat(bob.get("/api/v1/rooms.info?roomName=info-room").expectOk().path("room").path("_id").asText()).isEqualTo(id);
    }

    @Test
    void roomsGetAndSubscriptionsGet_withUpdatedSince_returnOnlyLaterChanges() {
        ApiClient sync = server.newUser("sync");
        String first = sync.post("/api/v1/channels.create", obj("name", "sync-first")).expectOk().path("channel").path("_id").asText();
        Instant since = clock.instant();
        clock.advance(Duration.ofSeconds(1));
        String second = sync.post("/api/v1/groups.create", obj("name", "sync-second")).expectOk().path("group").path("_id").asText();

        JsonNode all = sync.get("/api/v1/rooms.get").expectOk();
        assertThat(all.path("update")).extracting(r -> r.path("_id").asText()).containsExactlyInAnyOrder(first, second);
        assertThat(all.path("remove").isArray()).isTrue();
        JsonNode later = sync.get("/api/v1/rooms.get?updatedSince=" + since).expectOk();
        assertThat(later.path("update")).extracting(r -> r.path("_id").asText()).containsExactly(second);

        JsonNode subs = sync.get("/api/v1/subscriptions.get").expectOk();
        assertThat(subs.path("update")).extracting(s -> s.path("rid").asText()).containsExactlyInAnyOrder(first, second);
        JsonNode laterSubs = sync.get("/api/v1/subscriptions.get?updatedSince=" + since).expectOk();
        assertThat(laterSubs.path("update")).hasSize(1);
        JsonNode sub = laterSubs.path("update").get(0);
        assertThat(sub.path("rid").asText()).isEqualTo(second);
        assertThat(sub.path("name").asText()).isEqualTo("sync-second");
        assertThat(sub.path("t").asText()).isEqualTo("p");
        assertThat(sub.path("u").path("username").asText()).isEqualTo("sync");

        sync.get("/api/v1/rooms.get?updatedSince=yesterday").expectErrorType("invalid-params");
        server.client().get("/api/v1/rooms.get").expectError(401);
        server.client().get("/api/v1/subscriptions.get").expectError(401);
    }

    private static JsonNode subscription(ApiClient client, String roomId) {
        return client.get("/api/v1/subscriptions.getOne?roomId=" + roomId).expectOk().path("subscription");
    }

    private static long channelTotal() {
        return alice.get("/api/v1/channels.list").expectOk().path("total").asLong();
    }
}
