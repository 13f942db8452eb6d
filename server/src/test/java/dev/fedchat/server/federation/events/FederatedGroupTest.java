package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.members;
import static dev.fedchat.server.federation.events.Groups.messageIds;
import static dev.fedchat.server.federation.events.Groups.post;
import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.DdpClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Private groups across three real servers found through real DNS (issue 4 §4, §6): alice on
 * alpha creates groups with bob of beta and carol of gamma, and each server's users see the room,
 * its members and each other's messages, the receivers live over DDP. Inviting later brings a new
 * server in with the room's genesis. Each test has a group of its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedGroupTest {
    private static final List<String> THREE = List.of("alpha.test", "beta.test", "gamma.test");
    private static final Object NO_ARGS = obj("useCollection", false, "args", List.of());

    private static FederatedServers servers;
    private static TestServer gamma;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient carol;
    private static ApiClient dave;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start(THREE.toArray(String[]::new));
        gamma = servers.server("gamma.test");
        alice = servers.server("alpha.test").newUser("alice");
        bob = servers.server("beta.test").newUser("bob");
        dave = servers.server("beta.test").newUser("dave");
        carol = gamma.newUser("carol");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    @Test
    void aGroupCreatedWithMembersOfTwoOtherServers_isSeenEverywhere_withAllItsMembers() {
        JsonNode group = alice.post("/api/v1/groups.create", obj("name", "trio",
                "members", List.of("bob@beta.test", "carol@gamma.test"))).expectOk().path("group");
        String roomId = group.path("_id").asText();
        assertThat(group.path("federation").path("origin").asText()).isEqualTo("alpha.test");
        assertThat(group.path("federation").path("domains")).extracting(JsonNode::asText).containsExactlyElementsOf(THREE);

        await("bob and carol subscribed", () -> subscribed(bob, roomId) && subscribed(carol, roomId));
        // the genesis batch's add-user events are applied one by one: bob may be in before carol
        await("every member on beta and gamma", () -> members(bob, roomId).size() == 3 && members(carol, roomId).size() == 3);

        // each server names the others' users with their domain, its own bare
        assertThat(members(alice, roomId)).containsExactly("alice", "bob@beta.test", "carol@gamma.test");
        assertThat(members(bob, roomId)).containsExactly("alice@alpha.test", "bob", "carol@gamma.test");
        assertThat(members(carol, roomId)).containsExactly("alice@alpha.test", "bob@beta.test", "carol");
        // a room of another server: private, named with its origin, with its federation
        for (ApiClient remote : List.of(bob, carol)) {
            JsonNode info = Groups.info(remote, roomId);
            assertThat(info.path("t").asText()).isEqualTo("p");
            assertThat(info.path("name").asText()).isEqualTo("trio@alpha.test");
            assertThat(info.path("federation").path("origin").asText()).isEqualTo("alpha.test");
            assertThat(info.path("federation").path("domains")).extracting(JsonNode::asText).containsExactlyElementsOf(THREE);
            JsonNode sub = Groups.subscription(remote, roomId);
            assertThat(sub.path("name").asText()).isEqualTo("trio@alpha.test");
            assertThat(sub.path("federation").path("origin").asText()).isEqualTo("alpha.test");
        }
        JsonNode roomsGet = bob.get("/api/v1/rooms.get").expectOk().path("update");
        assertThat(roomsGet.findValues("_id")).extracting(JsonNode::asText).contains(roomId);
    }

    @Test
    void messagesFromEachServer_reachTheOtherTwo_withTheSameIds_andLiveOverDdp() {
        String roomId = Groups.create(alice, "chatter", "bob@beta.test", "carol@gamma.test");
        await("bob and carol subscribed", () -> subscribed(bob, roomId) && subscribed(carol, roomId));

        try (DdpClient live = gamma.ddp().handshake()) {
            live.loginWithPassword("carol", "carol-pass");
            assertThat(live.subscribe("stream-room-messages", roomId, false).path("msg").asText()).isEqualTo("ready");

            String fromAlpha = post(alice, roomId, "hello from alpha");
            String fromBeta = post(bob, roomId, "hello from beta");
            String fromGamma = post(carol, roomId, "hello from gamma");

            List<String> all = List.of(fromAlpha, fromBeta, fromGamma);
            for (ApiClient reader : List.of(alice, bob, carol)) {
                await("all three messages on " + reader.baseUrl(), () -> messageIds(reader, roomId).containsAll(all));
            }
            assertThat(messageIds(bob, roomId)).containsExactlyInAnyOrderElementsOf(messageIds(alice, roomId));
            assertThat(messageIds(carol, roomId)).containsExactlyInAnyOrderElementsOf(messageIds(alice, roomId));

            JsonNode frame = live.await(f -> f.path("msg").asText().equals("changed")
                    && f.path("fields").path("args").path(0).path("_id").asText().equals(fromBeta));
            JsonNode message = frame.path("fields").path("args").path(0);
            assertThat(message.path("msg").asText()).isEqualTo("hello from beta");
            assertThat(message.path("u").path("username").asText()).isEqualTo("bob@beta.test");
        }
    }

    @Test
    void invitingUsersOfANewServer_sendsItTheGenesis_liveToItsUsers_andTellsTheOthers() {
        String roomId = Groups.create(alice, "growing", "bob@beta.test");
        await("bob subscribed", () -> subscribed(bob, roomId));
        assertThat(Groups.domains(servers.server("beta.test"), roomId)).containsExactly("alpha.test", "beta.test");

        try (DdpClient live = gamma.ddp().handshake()) {
            live.loginWithPassword("carol", "carol-pass");
            live.subscribe("stream-notify-user", carol.userId() + "/rooms-changed", NO_ARGS);

            alice.post("/api/v1/groups.invite", obj("roomId", roomId, "usernames", List.of("carol@gamma.test", "dave@beta.test")))
                    .expectOk();

            JsonNode frame = live.await(f -> f.path("fields").path("eventName").asText().equals(carol.userId() + "/rooms-changed")
                    && f.path("fields").path("args").path(1).path("_id").asText().equals(roomId));
            assertThat(frame.path("fields").path("args").path(0).asText()).isEqualTo("inserted");
            assertThat(frame.path("fields").path("args").path(1).path("name").asText()).isEqualTo("growing@alpha.test");
        }
        List<String> onGamma = List.of("alice@alpha.test", "bob@beta.test", "carol", "dave@beta.test");
        await("gamma knows all four", () -> members(carol, roomId).equals(onGamma));
        await("beta knows carol and dave", () -> members(bob, roomId)
                .equals(List.of("alice@alpha.test", "bob", "carol@gamma.test", "dave")));
        assertThat(Groups.domains(servers.server("beta.test"), roomId)).containsExactlyElementsOf(THREE);
        assertThat(Groups.domains(gamma, roomId)).containsExactlyElementsOf(THREE);

        String fromGamma = post(carol, roomId, "glad to be here");
        await("carol's message on alpha and beta", () -> messageIds(alice, roomId).contains(fromGamma)
                && messageIds(dave, roomId).contains(fromGamma));
    }

    @Test
    void invitingARemoteUserIntoALocalGroup_federatesIt_withoutItsHistory() {
        String roomId = Groups.create(alice, "was-local");
        String before = post(alice, roomId, "said before anyone else could read it");

        JsonNode group = alice.post("/api/v1/groups.invite", obj("roomId", roomId, "username", "bob@beta.test"))
                .expectOk().path("group");
        assertThat(group.path("federation").path("domains")).extracting(JsonNode::asText)
                .containsExactly("alpha.test", "beta.test");

        await("bob subscribed", () -> subscribed(bob, roomId));
        assertThat(members(bob, roomId)).containsExactly("alice@alpha.test", "bob");
        String after = post(alice, roomId, "said after bob came");
        await("the new message on beta", () -> messageIds(bob, roomId).contains(after));
        assertThat(messageIds(bob, roomId)).doesNotContain(before);
    }

    @Test
    void onlyTheOrigin_bringsANewServerIntoItsGroup() {
        String roomId = Groups.create(alice, "closed-circle", "bob@beta.test");
        await("bob subscribed", () -> subscribed(bob, roomId));
        ApiClient betaAdmin = servers.server("beta.test").admin();

        JsonNode refused = betaAdmin.post("/api/v1/groups.invite", obj("roomId", roomId, "username", "carol@gamma.test"))
                .expectErrorType("error-federation-not-origin");
        assertThat(refused.path("error").asText()).contains("alpha.test");
        assertThat(members(bob, roomId)).containsExactly("alice@alpha.test", "bob");

        // a user of a server already in the room may be added there
        betaAdmin.post("/api/v1/groups.invite", obj("roomId", roomId, "username", "dave")).expectOk();
        await("alpha learns of dave", () -> members(alice, roomId).contains("dave@beta.test"));
    }
}
