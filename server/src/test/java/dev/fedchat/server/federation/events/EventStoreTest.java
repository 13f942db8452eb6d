package dev.fedchat.server.federation.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The room graph on every database: parents are the leaves, duplicates are ignored, gaps reported,
 * and a room deleted here keeps only what is still queued for peers.
 */
class EventStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eventsChainOnTheLeaves_duplicatesAreIgnored_andMissingParentsReported(String database) throws Exception {
        Path dir = TestServer.tempDir();
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
        try (Databases.Target target = Databases.open(database); Database db = Database.open(target.config(dir))) {
            EventStore store = new EventStore(clock);
            String room = "Room" + System.nanoTime();
            ObjectNode data = JSON.createObjectNode().put("n", 1);

            FederationEvent genesis = db.jdbi().inTransaction(h -> store.create(h, "alpha.test", room, EventType.GENESIS, data, true));
            FederationEvent addUser = db.jdbi().inTransaction(h -> store.create(h, "alpha.test", room, EventType.ROOM_ADD_USER, data, true));
            clock.advance(java.time.Duration.ofSeconds(1));
            FederationEvent message = db.jdbi().inTransaction(h -> store.create(h, "alpha.test", room, EventType.ROOM_MESSAGE, data, false));

            assertThat(genesis.parentIds()).isEmpty();
            assertThat(message.parentIds()).containsExactlyInAnyOrder(genesis.id(), addUser.id());
            FederationEvent next = db.jdbi().inTransaction(h -> store.create(h, "alpha.test", room, EventType.ROOM_MESSAGE, data, false));
            assertThat(next.parentIds()).containsExactly(message.id());

            EventStore.Added again = db.jdbi().inTransaction(h -> store.add(h, FederationEvent.fromWire(message.toWire())));
            assertThat(again.duplicate()).isTrue();

            FederationEvent orphan = FederationEvent.create("beta.test", room, List.of(next.id(), "unknown-parent"),
                    EventType.ROOM_MESSAGE, clock.millis(), data);
            EventStore.Added added = db.jdbi().inTransaction(h -> store.add(h, orphan));
            assertThat(added.duplicate()).isFalse();
            assertThat(added.missingParents()).containsExactly("unknown-parent");
            List<String> leaves = db.jdbi().withHandle(h -> h.attach(EventDao.class).leaves(room));
            assertThat(leaves).containsExactly(orphan.id());
            List<String> wires = db.jdbi().withHandle(h -> store.wiresOfRoom(h, room));
            assertThat(wires).hasSize(5);
            assertThat(JSON.readTree(wires.get(0)).path("type").asText()).isIn("genesis", "room_add_user");
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSameEventWithinOneSecond_isStoredOnce_andADeletedRoomKeepsOnlyItsQueuedEvents_untilSent(String database) throws Exception {
        Path dir = TestServer.tempDir();
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
        try (Databases.Target target = Databases.open(database); Database db = Database.open(target.config(dir))) {
            EventStore store = new EventStore(clock);
            String room = "Room" + System.nanoTime();
            ObjectNode data = JSON.createObjectNode().put("n", 1);

            FederationEvent first = db.jdbi().inTransaction(h -> store.create(h, "alpha.test", room, EventType.ROOM_ADD_USER, data, true));
            clock.advance(java.time.Duration.ofMillis(300));
            // announced again for a server that joined within the same second: the same id, the same event
            FederationEvent again = db.jdbi().inTransaction(h -> store.create(h, "alpha.test", room, EventType.ROOM_ADD_USER, data, true));
            assertThat(again.id()).isEqualTo(first.id());
            List<String> stored = db.jdbi().withHandle(h -> store.wiresOfRoom(h, room));
            assertThat(stored).hasSize(1);

            FederationEvent delete = db.jdbi().inTransaction(h -> store.create(h, "alpha.test", room, EventType.ROOM_DELETE,
                    JSON.createObjectNode().put("roomId", room), false));
            db.jdbi().useHandle(h -> h.execute("INSERT INTO federation_outbox (domain, event_id, enqueued_at) VALUES (?, ?, ?)",
                    "beta.test", delete.id(), clock.millis()));
            db.jdbi().useTransaction(h -> store.bury(h, room, "p", true, true));

            List<String> kept = db.jdbi().withHandle(h -> store.wiresOfRoom(h, room));
            assertThat(kept).hasSize(1);
            assertThat(JSON.readTree(kept.get(0)).path("_id").asText()).isEqualTo(delete.id());

            // a room that is still here keeps its graph through the start-up sweep
            String living = "Living" + System.nanoTime();
            db.jdbi().useHandle(h -> h.execute("INSERT INTO rooms (id, type, read_only, message_count, created_at, updated_at)"
                    + " VALUES (?, 'p', FALSE, 0, 0, 0)", living));
            db.jdbi().useTransaction(h -> store.create(h, "alpha.test", living, EventType.GENESIS, data, true));
            // the sweep keeps the deleted room's queued event, and forgets it once the queue sent it
            int forgotten = db.jdbi().inTransaction(h -> store.forgetDeletedRooms(h, "alpha.test"));
            assertThat(forgotten).isZero();
            List<String> stillKept = db.jdbi().withHandle(h -> store.wiresOfRoom(h, room));
            assertThat(stillKept).hasSize(1);
            db.jdbi().useHandle(h -> h.execute("DELETE FROM federation_outbox WHERE event_id = ?", delete.id()));
            forgotten = db.jdbi().inTransaction(h -> store.forgetDeletedRooms(h, "alpha.test"));
            assertThat(forgotten).isEqualTo(1);
            List<String> gone = db.jdbi().withHandle(h -> store.wiresOfRoom(h, room));
            List<String> livingGraph = db.jdbi().withHandle(h -> store.wiresOfRoom(h, living));
            assertThat(gone).isEmpty();
            assertThat(livingGraph).hasSize(1);
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }
}
