package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Trio.ALPHA;
import static dev.fedchat.server.federation.events.Trio.BETA;
import static dev.fedchat.server.federation.events.Trio.GAMMA;
import static dev.fedchat.server.federation.events.Forgery.dispatch;
import static dev.fedchat.server.federation.events.Forgery.event;
import static dev.fedchat.server.federation.events.Forgery.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.user.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forged origins (issue 12 §1), as the adversarial review tried them: a peer with a valid key
 * passes events off as another server's, or as ours. Each probe is refused with a 4xx and leaves the
 * attacked server's state exactly as it was, on H2 and PostgreSQL.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ForgedOriginProbesTest {

    @RegisterExtension
    static final Trios trios = new Trios();


    /** The review's attack: gamma, in no room with beta, gets itself asked about a room, then relays alpha's "genesis". */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aPeerInNoRoomCannotRelayARoomIntoBeingUnderAnotherServersName(String database) {
        Trio world = trios.on(database);
        User alice = Trio.user(world.alpha, "alice");
        User bob = Trio.user(world.beta, "bob");
        StateSnapshot before = world.settled(world.beta);
        String roomId = "ForgedRoom" + System.nanoTime();

        // one event of a room beta does not hold makes beta ask gamma for the room's events
        String bait = dispatch(world.gamma, BETA, EventType.ROOM_MESSAGE, roomId,
                Map.of("message", Map.of("_id", "bait", "rid", roomId, "msg", "x", "u", Map.of("_id", "u", "username", "u"))));
        assertThat(bait).as("an event of an unknown room is held back, not refused").isNull();
        Awaitility.await("beta asked gamma").atMost(Duration.ofSeconds(20))
                .until(() -> world.beta.server().eventGaps().askedRecently(GAMMA, roomId));

        // ... and gamma answers with a room "owned" by alice@alpha, bob in it, and words alice never wrote
        List<FederationEvent> forged = List.of(
                event(ALPHA, roomId, EventType.GENESIS, Map.of("room", Map.of("_id", roomId, "t", "p", "name", "forged",
                        "u", Map.of("_id", alice.id(), "username", "alice@" + ALPHA),
                        "federation", Map.of("origin", ALPHA, "domains", List.of(ALPHA, BETA))))),
                event(ALPHA, roomId, EventType.ROOM_ADD_USER, Map.of("roomId", roomId, "user", user(bob, BETA))),
                event(ALPHA, roomId, EventType.ROOM_MESSAGE, Map.of("message", Map.of("_id", "forgedMsg", "rid", roomId,
                        "msg", "alice never wrote this", "u", Map.of("_id", alice.id(), "username", "alice@" + ALPHA)))));
        String refused = dispatch(world.gamma, BETA, forged);

        assertThat(refused).contains("400").contains("taken from its origin only");
        // without the genesis, the rest is refused as relayed for a room gamma did not create
        assertThat(dispatch(world.gamma, BETA, forged.subList(1, 3))).contains("400").contains("did not create room");
        StateSnapshot.of(world.beta).assertUnchangedSince(before);
        assertThat(world.alpha.server().rooms().byId(roomId)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void anEventClaimingTheReceiversOwnDomainIsRefusedBeforeAnythingIsApplied(String database) {
        Trio world = trios.on(database);
        String roomId = "OwnRoom" + System.nanoTime();
        User bob = Trio.user(world.beta, "bob");
        StateSnapshot before = world.settled(world.beta);

        String refused = dispatch(world.gamma, BETA, List.of(
                event(BETA, roomId, EventType.GENESIS, Map.of("room", Map.of("_id", roomId, "t", "p", "name", "mine",
                        "u", Map.of("_id", bob.id(), "username", "bob@" + BETA),
                        "federation", Map.of("origin", BETA, "domains", List.of(BETA, GAMMA)))))));

        assertThat(refused).contains("400").contains("never come from the network");
        StateSnapshot.of(world.beta).assertUnchangedSince(before);
    }

    /** Gamma takes part in a group, was even asked about it: it is not the room's origin, so it cannot speak for others. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aServerOfTheRoomThatIsNotItsOriginCannotPassOnOtherServersEventsEvenWhenAsked(String database) {
        Trio world = trios.on(database);
        String roomId = world.group("relayed", world.bob, world.carol);
        String message = Groups.post(world.alice, roomId, "alice's words");
        Groups.await("beta has it", () -> Groups.messageIds(world.bob, roomId).contains(message));
        world.beta.server().eventGaps().ask(GAMMA, roomId);
        Awaitility.await("beta asked gamma").atMost(Duration.ofSeconds(20))
                .until(() -> world.beta.server().eventGaps().askedRecently(GAMMA, roomId));
        User alice = Trio.user(world.alpha, "alice");
        User bob = Trio.user(world.beta, "bob");
        StateSnapshot before = world.settled(world.beta);

        List<String> refusals = List.of(
                dispatch(world.gamma, BETA, List.of(event(ALPHA, roomId, EventType.ROOM_EDIT_MESSAGE,
                        Map.of("message", Map.of("_id", message, "rid", roomId, "msg", "words put in alice's mouth",
                                "u", Map.of("_id", alice.id(), "username", "alice@" + ALPHA)))))),
                dispatch(world.gamma, BETA, List.of(event(ALPHA, roomId, EventType.ROOM_DELETE, Map.of("roomId", roomId)))),
                dispatch(world.gamma, BETA, List.of(event(ALPHA, roomId, EventType.ROOM_REMOVE_USER,
                        Map.of("roomId", roomId, "user", user(bob, BETA), "domainsAfterRemoval", List.of(ALPHA, GAMMA))))),
                dispatch(world.gamma, BETA, List.of(event(ALPHA, roomId, EventType.ROOM_USER_LEFT,
                        Map.of("roomId", roomId, "user", user(alice, ALPHA), "domainsAfterLeave", List.of(BETA, GAMMA))))));
        String genesis = dispatch(world.gamma, BETA, List.of(event(ALPHA, roomId, EventType.GENESIS,
                Map.of("room", Map.of("_id", roomId, "t", "p", "name", "relayed", "u", Map.of("_id", "x", "username", "x"),
                        "federation", Map.of("origin", ALPHA, "domains", List.of(ALPHA, BETA, GAMMA, "delta.test")))))));

        assertThat(refusals).allSatisfy(r -> assertThat(r).contains("400").contains("only a room's origin may pass on"));
        assertThat(genesis).contains("400").contains("taken from its origin only");
        StateSnapshot.of(world.beta).assertUnchangedSince(before);
    }

    /** A member's event naming a parent that does not exist gets the room's origin asked, never the member itself. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aMemberCannotGetItselfAskedByNamingAParentThatDoesNotExist(String database) {
        Trio world = trios.on(database);
        String roomId = world.group("baited", world.bob, world.carol);
        User carol = Trio.user(world.gamma, "carol");
        FederationEvent bait = FederationEvent.create(GAMMA, roomId, List.of("f".repeat(64)), EventType.ROOM_MESSAGE,
                System.currentTimeMillis(), (com.fasterxml.jackson.databind.node.ObjectNode) dev.fedchat.server.testing.Json.MAPPER
                        .valueToTree(Map.of("message", Map.of("_id", "baitMsg" + database, "rid", roomId, "msg", "bait",
                                "u", Map.of("_id", carol.id(), "username", "carol@" + GAMMA)))));
        assertThat(dispatch(world.gamma, BETA, List.of(bait))).isNull();

        Awaitility.await("beta asked the room's origin").atMost(Duration.ofSeconds(20))
                .until(() -> world.beta.server().eventGaps().askedRecently(ALPHA, roomId));
        assertThat(world.beta.server().eventGaps().askedRecently(GAMMA, roomId)).isFalse();
    }

    /** Even the room's origin, asked, cannot bring a server in by passing on another server's add. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aRelayedAddCannotBringANewServerIntoTheRoom(String database) {
        Trio world = trios.on(database);
        String roomId = world.group("origin-relayed", world.bob, world.carol);
        world.beta.server().eventGaps().ask(ALPHA, roomId);
        Awaitility.await("beta asked alpha").atMost(Duration.ofSeconds(20))
                .until(() -> world.beta.server().eventGaps().askedRecently(ALPHA, roomId));
        StateSnapshot before = world.settled(world.beta);

        Map<String, Object> stranger = Map.of("_id", "StrangerId1234567", "username", "dave@delta.test", "name", "Dave",
                "federation", Map.of("origin", "delta.test"));
        String added = dispatch(world.alpha, BETA, List.of(
                event(GAMMA, roomId, EventType.ROOM_ADD_USER, Map.of("roomId", roomId, "user", stranger))));

        assertThat(added).contains("400").contains("only the room's origin brings a server in");
        StateSnapshot.of(world.beta).assertUnchangedSince(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aServerThatWasNotAskedCannotRelay(String database) {
        Trio world = trios.on(database);
        String roomId = world.group("unasked", world.bob, world.carol);
        String message = Groups.post(world.alice, roomId, "alice's words");
        Groups.await("beta has it", () -> Groups.messageIds(world.bob, roomId).contains(message));
        User alice = Trio.user(world.alpha, "alice");
        StateSnapshot before = world.settled(world.beta);

        String refused = dispatch(world.gamma, BETA, List.of(event(ALPHA, roomId, EventType.ROOM_EDIT_MESSAGE,
                Map.of("message", Map.of("_id", message, "rid", roomId, "msg", "words put in alice's mouth",
                        "u", Map.of("_id", alice.id(), "username", "alice@" + ALPHA))))));

        assertThat(refused).contains("400").contains("did not ask gamma.test");
        StateSnapshot.of(world.beta).assertUnchangedSince(before);
    }

    /** Every handler that changes a message checks it is of the event's room: the edit once did not. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aMessageOfAnotherRoomCannotBeEditedDeletedReactedToOrAnsweredInItsThread(String database) {
        Trio world = trios.on(database);
        String shared = world.group("shared", world.bob);
        String other = world.group("other", world.bob);
        String bobsMessage = Groups.post(world.bob, other, "bob's words in the other room");
        Groups.await("alpha has it", () -> Groups.messageIds(world.alice, other).contains(bobsMessage));
        User bob = Trio.user(world.beta, "bob");
        Map<String, Object> author = Map.of("_id", bob.id(), "username", "bob@" + BETA);
        StateSnapshot before = world.settled(world.alpha);

        String edited = dispatch(world.beta, ALPHA, EventType.ROOM_EDIT_MESSAGE, shared,
                Map.of("message", Map.of("_id", bobsMessage, "rid", shared, "msg", "rewritten", "u", author)));
        String deleted = dispatch(world.beta, ALPHA, EventType.ROOM_DELETE_MESSAGE, shared,
                Map.of("roomId", shared, "messageId", bobsMessage));
        String reacted = dispatch(world.beta, ALPHA, EventType.ROOM_SET_MESSAGE_REACTION, shared,
                Map.of("roomId", shared, "messageId", bobsMessage, "username", "bob", "reaction", ":+1:"));
        String threaded = dispatch(world.beta, ALPHA, EventType.ROOM_MESSAGE, shared,
                Map.of("message", Map.of("_id", "threadedMsg", "rid", shared, "msg", "in a thread of another room",
                        "tmid", bobsMessage, "u", author)));

        assertThat(List.of(edited, deleted, reacted, threaded)).allSatisfy(refusal ->
                assertThat(refusal).contains("400").contains("which is not in room " + shared));
        StateSnapshot.of(world.alpha).assertUnchangedSince(before);
    }
}
