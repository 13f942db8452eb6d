package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Delivery queues of the server {@code alpha.test} on a real database (H2 in memory, migrated),
 * with a {@link ScriptedTransport}, a {@link ManualClock} and a {@link ManualScheduler}: sending
 * happens inline when a test posts or runs what is due, so each step can be checked right after.
 */
final class DeliveryFixture implements AutoCloseable {
    static final String OWN = "alpha.test";
    static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");

    final ManualClock clock = new ManualClock(T0);
    final ScriptedTransport transport = new ScriptedTransport();
    /** Which peers answer the liveness probe; none unless a test says so. */
    final ScriptedProbe probe = new ScriptedProbe();
    /** The jitter's random value; 0 waits the full exponential step. */
    final AtomicReference<Double> random = new AtomicReference<>(0.0);
    /** Whether the server federates: the queues send nothing while it does not. */
    final AtomicBoolean enabled = new AtomicBoolean(true);
    final Database database;
    private final DeliveryConfig config;
    ManualScheduler scheduler;
    DeliveryQueues queues;
    Outbox outbox;

    /**
     * Without probing: the tests of the backoff move the clock timer by timer, and a probe's timer
     * would come first ({@link #probing} for the tests of probes).
     */
    DeliveryFixture(DeliveryConfig config) {
        this(config, Database.open(DatabaseConfig.inMemory("delivery-" + UUID.randomUUID())));
    }

    DeliveryFixture(DeliveryConfig config, Database database) {
        this.config = config.withProbe(config.probe().withEnabled(false));
        this.database = database;
        startQueues();
    }

    private DeliveryFixture(Database database, DeliveryConfig config) {
        this.config = config;
        this.database = database;
        startQueues();
    }

    /** With probing as {@code config} says, on an in-memory database. */
    static DeliveryFixture probing(DeliveryConfig config) {
        return new DeliveryFixture(Database.open(DatabaseConfig.inMemory("delivery-" + UUID.randomUUID())), config);
    }

    /**
     * A test server's configuration on {@code db}, federating as {@link #OWN}: queues send only
     * while federation is enabled.
     */
    static ServerConfig federating(ServerConfig c, DatabaseConfig db) {
        return c.withDatabase(db).withSettingOverrides(Map.of(FederationSettings.DOMAIN, OWN, FederationSettings.ENABLED, "true"));
    }

    /** The queues stop as in a crash; new ones start on the same database and resume. */
    void restart() {
        queues.close();
        startQueues();
        queues.start();
    }

    private void startQueues() {
        scheduler = new ManualScheduler(clock);
        queues = new DeliveryQueues(database.jdbi(), transport, probe, config, clock, scheduler, random::get,
                DeliveryListener.NONE, enabled::get);
        outbox = new Outbox(clock, () -> OWN, queues);
    }

    Jdbi jdbi() {
        return database.jdbi();
    }

    /** Stores the events and queues each for {@code domains}, all in one transaction. */
    void post(Collection<String> eventIds, String... domains) {
        jdbi().useTransaction(h -> {
            for (String id : eventIds) {
                storeEvent(h, id);
                outbox.enqueue(h, id, Arrays.asList(domains));
            }
        });
    }

    void post(String eventId, String... domains) {
        post(List.of(eventId), domains);
    }

    void storeEvent(Handle h, String id) {
        storeEvent(h, id, clock.millis());
    }

    /** Stores an event whose wire text the {@link ScriptedTransport} reads its id from. */
    static void storeEvent(Handle h, String id, long ts) {
        h.createUpdate("INSERT INTO federation_events (id, room_id, origin, type, parent_ids, ts, wire, has_children, stored_at)"
                        + " VALUES (:id, 'room1', :origin, 'msg', '[]', :ts, :wire, FALSE, :ts)")
                .bind("id", id).bind("origin", OWN).bind("ts", ts)
                .bind("wire", "{\"_id\":\"" + id + "\",\"t\":\"msg\",\"origin\":\"" + OWN + "\"}").execute();
    }

    /** The event ids queued for {@code domain}, in sending order. */
    List<String> queued(String domain) {
        return queued(jdbi(), domain);
    }

    static List<String> queued(Jdbi jdbi, String domain) {
        return jdbi.withHandle(h -> h.createQuery("SELECT event_id FROM federation_outbox WHERE domain = :d ORDER BY seq")
                .bind("d", domain).mapTo(String.class).list());
    }

    PeerDelivery peer(String domain) {
        return queues.peers().stream().filter(p -> p.domain().equals(domain)).findFirst()
                .orElseThrow(() -> new AssertionError("no delivery state for " + domain));
    }

    /** How long until the stored next attempt of {@code domain}. */
    Duration storedWait(String domain) {
        return Duration.between(clock.instant(), peer(domain).nextAttemptAt());
    }

    /** Moves the clock to the earliest pending timer and runs what is due then. */
    void runNextTimer() {
        List<Instant> pending = scheduler.pending();
        if (pending.isEmpty()) {
            throw new AssertionError("no timer pending");
        }
        clock.advance(Duration.between(clock.instant(), pending.get(0)));
        scheduler.runDue();
    }

    /** Moves the clock by {@code d}, running each timer when its time comes (a probe's, a retry's). */
    void advanceBy(Duration d) {
        Instant until = clock.instant().plus(d);
        while (true) {
            List<Instant> pending = scheduler.pending();
            if (pending.isEmpty() || pending.get(0).isAfter(until)) {
                break;
            }
            clock.advance(Duration.between(clock.instant(), pending.get(0)));
            scheduler.runDue();
        }
        clock.advance(Duration.between(clock.instant(), until));
        scheduler.runDue();
    }

    @Override
    public void close() {
        queues.close();
        database.close();
    }
}
