package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Forgery.dispatch;
import static dev.fedchat.server.federation.events.Forgery.user;
import static dev.fedchat.server.federation.events.Groups.await;
import static dev.fedchat.server.federation.events.Groups.members;
import static dev.fedchat.server.federation.events.Groups.subscribed;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.user.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a server of a group may not do to the group through events (issue 4 §2,
 * docs/federation-security.md): beta and gamma take part in alice's groups on alpha, then send
 * alpha events they never would on their own (see {@link Forgery}); alpha refuses each with its
 * reason and changes nothing. The Rocket.Chat leave event with the list under the wrong name is
 * accepted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FederatedGroupTrustTest {
    private static final String ALPHA = "alpha.test";

    private static FederatedServers servers;
    private static TestServer alpha;
    private static TestServer beta;
    private static TestServer gamma;
    private static ApiClient alice;
    private static ApiClient bob;
    private static ApiClient carol;
    private static User bobUser;
    private static User carolUser;

    @BeforeAll
    static void start() {
        servers = FederatedServers.start(ALPHA, "beta.test", "gamma.test");
        alpha = servers.server(ALPHA);
        beta = servers.server("beta.test");
        gamma = servers.server("gamma.test");
        alice = alpha.newUser("alice");
        bob = beta.newUser("bob");
        carol = gamma.newUser("carol");
        bobUser = beta.server().users().requireByUsername("bob");
        carolUser = gamma.server().users().requireByUsername("carol");
    }

    @AfterAll
    static void stop() {
        servers.close();
    }

    private static String trio(String name) {
        String roomId = Groups.create(alice, name, "bob@beta.test", "carol@gamma.test");
        await("bob and carol subscribed", () -> subscribed(bob, roomId) && subscribed(carol, roomId));
        return roomId;
    }

    private static final List<String> EVERYONE = List.of("alice", "bob@beta.test", "carol@gamma.test");

    @Test
    void aServerCannotSayThatAUserOfAnotherServerLeft_orRemoveOrMuteThem() {
        String roomId = trio("guarded");

        String left = dispatch(gamma, ALPHA, EventType.ROOM_USER_LEFT, roomId,
                Map.of("roomId", roomId, "user", user(bobUser, "beta.test"), "domainsAfterLeave", List.of(ALPHA, "gamma.test")));
        String removed = dispatch(gamma, ALPHA, EventType.ROOM_REMOVE_USER, roomId,
                Map.of("roomId", roomId, "user", user(bobUser, "beta.test"), "domainsAfterRemoval", List.of(ALPHA, "gamma.test")));
        String muted = dispatch(gamma, ALPHA, EventType.ROOM_MUTE_USER, roomId,
                Map.of("roomId", roomId, "user", user(bobUser, "beta.test")));

        assertThat(left).contains("Event refused").contains("cannot say that bob@beta.test left");
        assertThat(removed).contains("cannot remove bob@beta.test").contains("origin alpha.test");
        assertThat(muted).contains("cannot mute bob@beta.test");
        assertThat(members(alice, roomId)).containsExactlyElementsOf(EVERYONE);
        assertThat(Groups.domains(alpha, roomId)).containsExactly(ALPHA, "beta.test", "gamma.test");
        assertThat(Groups.subscription(alice, roomId).path("muted").asBoolean()).isFalse();
    }

    @Test
    void aServerCannotDeleteAGroupItDoesNotOwn() {
        String roomId = trio("indelible");

        String refused = dispatch(gamma, ALPHA, EventType.ROOM_DELETE, roomId, Map.of("roomId", roomId));
        String refusedByBeta = dispatch(gamma, "beta.test", EventType.ROOM_DELETE, roomId, Map.of("roomId", roomId));

        assertThat(refused).contains("gamma.test cannot delete room " + roomId).contains("only its origin alpha.test");
        assertThat(refusedByBeta).contains("gamma.test cannot delete room " + roomId);
        assertThat(Groups.exists(alpha, roomId)).isTrue();
        assertThat(Groups.exists(beta, roomId)).isTrue();
        assertThat(members(bob, roomId)).containsExactly("alice@alpha.test", "bob", "carol@gamma.test");
    }

    @Test
    void aServerCannotReHomeAGroup_withAGenesisOfItsOwn() {
        String roomId = trio("rooted");

        String refused = dispatch(beta, ALPHA, EventType.GENESIS, roomId, Map.of("contextType", "room", "room", Map.of(
                "_id", roomId, "t", "p", "name", "rooted@beta.test", "u", Map.of("_id", bobUser.id(), "username", "bob@beta.test"),
                "federation", Map.of("origin", "beta.test", "domains", List.of(ALPHA, "beta.test")))));

        assertThat(refused).contains("exists here and does not belong to beta.test");
        assertThat(alpha.server().rooms().requireRoom(roomId).federation().origin()).isEqualTo(ALPHA);
    }

    @Test
    void aPublicChannelInAPeersGenesis_isStoredAsAPrivateGroup() {
        String roomId = "forgedChannel" + System.nanoTime();

        String answer = dispatch(beta, ALPHA, EventType.GENESIS, roomId, Map.of("contextType", "room", "room", Map.of(
                "_id", roomId, "t", "c", "name", "plaza@beta.test", "u", Map.of("_id", bobUser.id(), "username", "bob@beta.test"),
                "federation", Map.of("origin", "beta.test", "domains", List.of(ALPHA, "beta.test")))));

        assertThat(answer).isNull();
        assertThat(alpha.server().rooms().requireRoom(roomId).type()).isEqualTo("p");
    }

    @Test
    void aMemberMutedByTheOrigin_cannotPostThroughTheirServer() {
        String roomId = trio("quiet");
        alice.post("/api/v1/rooms.muteUser", obj("roomId", roomId, "username", "bob@beta.test")).expectOk();

        String refused = dispatch(beta, ALPHA, EventType.ROOM_MESSAGE, roomId, Map.of("message", Map.of(
                "_id", "forgedMessage0001", "rid", roomId, "msg", "I will not be silenced",
                "ts", Map.of("$date", System.currentTimeMillis()), "u", Map.of("_id", bobUser.id(), "username", "bob@beta.test"))));

        assertThat(refused).contains("bob@beta.test is muted in room " + roomId);
        assertThat(Groups.messageIds(alice, roomId)).doesNotContain("forgedMessage0001");
    }

    @Test
    void addingAMember_neverTakesAServerOutOfTheGroup() {
        String roomId = trio("steadfast");
        User dave = beta.server().users().requireById(beta.newUser("dave").userId());

        String answer = dispatch(beta, ALPHA, EventType.ROOM_ADD_USER, roomId, Map.of("roomId", roomId,
                "user", user(dave, "beta.test"), "subscription", Map.of("rid", roomId),
                "domainsAfterAdd", List.of(ALPHA, "beta.test")));

        assertThat(answer).isNull();
        assertThat(members(alice, roomId)).containsExactly("alice", "bob@beta.test", "carol@gamma.test", "dave@beta.test");
        assertThat(Groups.domains(alpha, roomId)).containsExactly(ALPHA, "beta.test", "gamma.test");
    }

    /** Rocket.Chat sends {@code domainsAfterLeave}; a peer repeating its receiver's mistake sends {@code domainsAfterRemoval}. */
    @Test
    void aLeaveWithTheListUnderRocketChatsOtherName_isAccepted() {
        String roomId = trio("lenient");

        String answer = dispatch(gamma, ALPHA, EventType.ROOM_USER_LEFT, roomId,
                Map.of("roomId", roomId, "user", user(carolUser, "gamma.test"), "domainsAfterRemoval", List.of(ALPHA, "beta.test")));

        assertThat(answer).isNull();
        assertThat(members(alice, roomId)).containsExactly("alice", "bob@beta.test");
        assertThat(Groups.domains(alpha, roomId)).containsExactly(ALPHA, "beta.test");
    }
}
