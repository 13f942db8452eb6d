package dev.fedchat.server.federation.events;

import static dev.fedchat.server.federation.events.Forgery.dispatch;
import static dev.fedchat.server.federation.events.Forgery.dispatchBody;
import static dev.fedchat.server.federation.events.Trio.ALPHA;
import static dev.fedchat.server.federation.events.Trio.BETA;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.user.User;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays at the event level (issue 12 §2): the legacy wire has no timestamp or nonce, so what a
 * peer once sent can be sent again (by anyone who captured a Rocket.Chat peer's body, or by the
 * peer itself). Here alpha sends beta again, sealed afresh, the very events it sent before: every
 * one is a no-op, a deleted group does not come back, and events of it beta never had are refused.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplayProbesTest {

    @RegisterExtension
    static final Trios trios = new Trios();


    /** The events of a room as {@code server} stored them, oldest first: what went over the wire. */
    private static String batchOf(TestServer server, String roomId) {
        DatabaseConfig db = server.config().database();
        List<String> wires = Jdbi.create(db.url(), db.user(), db.password()).withHandle(h -> h.createQuery(
                "SELECT wire FROM federation_events WHERE room_id = :room ORDER BY ts, stored_at").bind("room", roomId)
                .mapTo(String.class).list());
        return "{\"events\":[" + String.join(",", wires) + "]}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void aDeletedGroupDoesNotComeBackWhenItsEventsAreSentAgain(String database) {
        Trio world = trios.on(database);
        String roomId = world.group("ephemeral", world.bob);
        String message = Groups.post(world.alice, roomId, "soon gone");
        Groups.await("bob has it", () -> Groups.messageIds(world.bob, roomId).contains(message));
        world.alice.post("/api/v1/groups.kick", obj("roomId", roomId, "username", "bob@beta.test")).expectOk();
        Groups.await("bob kicked", () -> !Groups.subscribed(world.bob, roomId));
        world.alice.post("/api/v1/groups.invite", obj("roomId", roomId, "username", "bob@beta.test")).expectOk();
        Groups.await("bob back", () -> Groups.subscribed(world.bob, roomId));
        String everything = batchOf(world.alpha, roomId);
        world.alice.post("/api/v1/groups.delete", obj("roomId", roomId)).expectOk();
        Groups.await("the group gone from beta", () -> !Groups.exists(world.beta, roomId));
        StateSnapshot before = world.settled(world.beta);

        // the whole history at once, the creation alone, and the kick alone: each event is one beta had
        assertThat(dispatchBody(world.alpha, BETA, everything)).as("the events beta had are no-ops").isNull();
        assertThat(dispatchBody(world.alpha, BETA, everything)).isNull();

        StateSnapshot.of(world.beta).assertUnchangedSince(before);
        assertThat(Groups.exists(world.beta, roomId)).isFalse();
        assertThat(Groups.subscribed(world.bob, roomId)).isFalse();
    }

    /** An event of the deleted group that beta never had (captured between alpha and another server, say). */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void anEventOfADeletedRoomThatWasNeverReceivedIsRefused(String database) {
        Trio world = trios.on(database);
        String roomId = world.group("buried", world.bob);
        User alice = Trio.user(world.alpha, "alice");
        world.alice.post("/api/v1/groups.delete", obj("roomId", roomId)).expectOk();
        Groups.await("the group gone from beta", () -> !Groups.exists(world.beta, roomId));
        StateSnapshot before = world.settled(world.beta);

        FederationEvent old = FederationEvent.create(ALPHA, roomId, List.of(), EventType.ROOM_MESSAGE,
                System.currentTimeMillis() - 60_000, (com.fasterxml.jackson.databind.node.ObjectNode)
                        dev.fedchat.server.testing.Json.MAPPER.valueToTree(Map.of("message", Map.of("_id", "lateMsg",
                                "rid", roomId, "msg", "from before the deletion",
                                "u", Map.of("_id", alice.id(), "username", "alice@" + ALPHA)))));
        String refused = dispatch(world.alpha, BETA, List.of(old));
        String recreated = dispatch(world.alpha, BETA, List.of(Forgery.event(ALPHA, roomId, EventType.GENESIS,
                Map.of("room", Map.of("_id", roomId, "t", "p", "name", "buried",
                        "u", Map.of("_id", alice.id(), "username", "alice@" + ALPHA),
                        "federation", Map.of("origin", ALPHA, "domains", List.of(ALPHA, BETA)))))));

        assertThat(refused).contains("400").contains("was deleted here");
        assertThat(recreated).as("deleted by its origin: not even a new genesis brings it back").contains("400")
                .contains("a new room has a new id");
        StateSnapshot.of(world.beta).assertUnchangedSince(before);
    }

    /** Edits were idempotent already: an old edit arriving after a newer one does not bring the old text back. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(Trio.DATABASES)
    void anOldEditSentAgainAfterANewerOneDoesNotRevertTheText(String database) {
        Trio world = trios.on(database);
        String roomId = world.group("edited", world.bob);
        String message = Groups.post(world.alice, roomId, "first");
        world.alice.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", message, "text", "second")).expectOk();
        Groups.await("beta has the second text", () -> textOnBeta(world, roomId, message).equals("second"));
        String afterFirstEdit = batchOf(world.alpha, roomId);
        world.alice.post("/api/v1/chat.update", obj("roomId", roomId, "msgId", message, "text", "third")).expectOk();
        Groups.await("beta has the third text", () -> textOnBeta(world, roomId, message).equals("third"));
        StateSnapshot before = world.settled(world.beta);

        assertThat(dispatchBody(world.alpha, BETA, afterFirstEdit)).isNull();

        assertThat(textOnBeta(world, roomId, message)).isEqualTo("third");
        StateSnapshot.of(world.beta).assertUnchangedSince(before);
    }

    /** The message's text on beta, empty while beta does not have it yet. */
    private static String textOnBeta(Trio world, String roomId, String messageId) {
        var r = world.bob.get("/api/v1/chat.getMessage?msgId=" + messageId);
        return r.status() == 200 ? r.body().path("message").path("msg").asText() : "";
    }
}
