package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Forgery.dispatch;
import static dev.fedchat.server.federation.events.Forgery.user;
import static dev.fedchat.server.federation.events.Trio.ALPHA;
import static dev.fedchat.server.federation.events.Trio.BETA;
import static dev.fedchat.server.federation.events.Trio.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.user.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Direct rooms stay direct (issue 12 §3): the review saw bob's DM with alice gain a third member
 * (and a third server among its domains, which then got what bob wrote). Beta, a server of the
 * conversation, tries every membership change of alice's and bob's DM on alpha: each is refused and
 * alpha's state does not move.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DirectRoomProbesTest {

    @RegisterExtension
    static final Trios trios = new Trios();


    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void noServerCanChangeWhoIsInADirectConversation(String database) {
        Trio world = trios.on(database);
        String dm = world.servers.openDirect(world.alice, "bob@" + BETA);
        Groups.await("bob in the conversation", () -> Groups.subscribed(world.bob, dm));
        User bob = Trio.user(world.beta, "bob");
        User alice = Trio.user(world.alpha, "alice");
        world.beta.newUser("dave");
        User dave = Trio.user(world.beta, "dave");
        User carol = Trio.user(world.gamma, "carol");
        StateSnapshot before = world.settled(world.alpha);

        List<String> refusals = List.of(
                dispatch(world.beta, ALPHA, EventType.ROOM_ADD_USER, dm, Map.of("roomId", dm, "user", user(dave, BETA))),
                dispatch(world.beta, ALPHA, EventType.ROOM_ADD_USER, dm, Map.of("roomId", dm, "user", user(carol, GAMMA))),
                dispatch(world.beta, ALPHA, EventType.ROOM_REMOVE_USER, dm,
                        Map.of("roomId", dm, "user", user(alice, ALPHA), "domainsAfterRemoval", List.of(ALPHA, BETA))),
                dispatch(world.beta, ALPHA, EventType.ROOM_USER_LEFT, dm,
                        Map.of("roomId", dm, "user", user(bob, BETA), "domainsAfterLeave", List.of(ALPHA, BETA))),
                dispatch(world.beta, ALPHA, EventType.ROOM_MUTE_USER, dm, Map.of("roomId", dm, "user", user(alice, ALPHA))));

        assertThat(refusals).allSatisfy(r -> assertThat(r).contains("400").contains("direct conversation"));
        StateSnapshot.of(world.alpha).assertUnchangedSince(before);
        assertThat(Groups.domains(world.alpha, dm)).containsExactly(ALPHA, BETA);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aDirectConversationCannotBeCreatedAcrossMoreThanTwoServers(String database) {
        Trio world = trios.on(database);
        User alice = Trio.user(world.alpha, "alice");
        User bob = Trio.user(world.beta, "bob");
        String dm = alice.id().compareTo(bob.id()) < 0 ? alice.id() + bob.id() : bob.id() + alice.id();
        StateSnapshot before = world.settled(world.alpha);

        String refused = dispatch(world.beta, ALPHA, EventType.GENESIS, dm, Map.of("room", Map.of("_id", dm, "t", "d",
                "federation", Map.of("origin", BETA, "domains", List.of(ALPHA, BETA, GAMMA)))));

        assertThat(refused).contains("400").contains("at most its two members' servers");
        StateSnapshot.of(world.alpha).assertUnchangedSince(before);
    }

    private static String directId(User a, User b) {
        return a.id().compareTo(b.id()) < 0 ? a.id() + b.id() : b.id() + a.id();
    }

    private static Map<String, Object> directGenesis(String id, String type, List<String> domains) {
        return Map.of("room", Map.of("_id", id, "t", type, "name", "dm", "u", Map.of("_id", "x", "username", "x@" + BETA),
                "federation", Map.of("origin", BETA, "domains", domains)));
    }

    /** A genesis for a conversation alpha holds does not re-home it, nor turn it into a group. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aGenesisAgainLeavesADirectConversationAsItIs(String database) {
        Trio world = trios.on(database);
        String dm = world.servers.openDirect(world.alice, "bob@" + BETA);
        Groups.await("bob in the conversation", () -> Groups.subscribed(world.bob, dm));
        StateSnapshot before = world.settled(world.alpha);

        String asGroup = dispatch(world.beta, ALPHA, EventType.GENESIS, dm, directGenesis(dm, "p", List.of(ALPHA, BETA, GAMMA)));
        String again = dispatch(world.beta, ALPHA, List.of(Forgery.event(BETA, dm, EventType.GENESIS,
                Map.of("room", Map.of("_id", dm, "t", "d", "federation", Map.of("origin", BETA, "domains", List.of(ALPHA, BETA)))))));

        assertThat(asGroup).contains("400").contains("exists here as a direct conversation");
        assertThat(again).as("the conversation both opened at once: a no-op").isNull();
        StateSnapshot after = world.settled(world.alpha);
        assertThat(after.tables().get("rooms")).isEqualTo(before.tables().get("rooms"));
        assertThat(after.tables().get("subscriptions")).isEqualTo(before.tables().get("subscriptions"));
        assertThat(Groups.domains(world.alpha, dm)).containsExactly(ALPHA, BETA);
    }

    /** Beta cannot open a conversation between alice and carol of gamma, nor between two users of alpha. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aServerCannotOpenAConversationThatIsNotWithOneOfItsUsers(String database) {
        Trio world = trios.on(database);
        world.group("carol-known", world.carol); // alpha knows carol from here
        world.alpha.newUser("erin" + database);
        User alice = Trio.user(world.alpha, "alice");
        User carol = Trio.user(world.alpha, "carol@" + GAMMA);
        User erin = Trio.user(world.alpha, "erin" + database);
        StateSnapshot before = world.settled(world.alpha);

        String withCarol = dispatch(world.beta, ALPHA, EventType.GENESIS, directId(alice, carol),
                directGenesis(directId(alice, carol), "d", List.of(ALPHA, BETA)));
        String betweenOurs = dispatch(world.beta, ALPHA, EventType.GENESIS, directId(alice, erin),
                directGenesis(directId(alice, erin), "d", List.of(ALPHA, BETA)));

        assertThat(List.of(withCarol, betweenOurs)).allSatisfy(r -> assertThat(r).contains("400")
                .contains("is not a direct conversation between a user of this server and a user of beta.test"));
        StateSnapshot.of(world.alpha).assertUnchangedSince(before);
    }
}
