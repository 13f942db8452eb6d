package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.DeliveryQueueTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.db.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A queue prepares (seals) the batch behind the one in flight, and sends it only when it is still
 * exactly the next batch: a failed, refused or changed batch makes it prepare again, so nothing is
 * lost, reordered or sent twice.
 */
@Timeout(30)
class DeliverySealAheadTest {
    private static final String BETA = "beta.test";
    private static final DeliveryConfig BATCHES_OF_3 = DeliveryConfig.DEFAULTS.withBatchSize(3)
            .withRetries(Duration.ofSeconds(2), Duration.ofMinutes(1), 0.2);

    @Test
    void theNextBatchIsPrepared_whileTheFirstIsInFlight_onRealThreads() throws Exception {
        try (Database database = Database.open(DatabaseConfig.inMemory("seal-ahead-" + UUID.randomUUID()))) {
            ScriptedTransport transport = new ScriptedTransport();
            CountDownLatch firstHeld = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger mostInFlight = new AtomicInteger();
            transport.set(BETA, eventIds -> {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    if (eventIds.contains("e1")) {
                        firstHeld.countDown();
                        ScriptedTransport.holdUntil(releaseFirst);
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
            });
            DeliveryQueues queues = DeliveryQueues.onThreads(database.jdbi(), transport, PeerProbe.NONE, BATCHES_OF_3, Clock.systemUTC(),
                    DeliveryListener.NONE, () -> true);
            try {
                Outbox outbox = new Outbox(Clock.systemUTC(), () -> DeliveryFixture.OWN, queues);
                database.jdbi().useTransaction(h -> {
                    for (String id : ids("e", 8)) {
                        DeliveryFixture.storeEvent(h, id, System.currentTimeMillis());
                        outbox.enqueue(h, id, List.of(BETA));
                    }
                });

                // step 1: beta holds the first request; meanwhile the second batch is prepared, and not sent
                assertThat(firstHeld.await(10, TimeUnit.SECONDS)).isTrue();
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> transport.preparedFor(BETA).contains(List.of("e4", "e5", "e6")));
                assertThat(transport.requestsTo(BETA)).containsExactly(List.of("e1", "e2", "e3"));
                assertThat(inFlight.get()).as("the first request is still in flight").isEqualTo(1);

                // step 2: beta answers; the rest follows in order, each batch prepared once and sent once
                releaseFirst.countDown();
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> DeliveryFixture.queued(database.jdbi(), BETA).isEmpty());
                assertThat(transport.requestsTo(BETA)).containsExactly(
                        List.of("e1", "e2", "e3"), List.of("e4", "e5", "e6"), List.of("e7", "e8"));
                assertThat(transport.preparedFor(BETA)).containsExactlyElementsOf(transport.requestsTo(BETA));
                assertThat(mostInFlight.get()).isEqualTo(1);
            } finally {
                releaseFirst.countDown();
                queues.close();
            }
        }
    }

    @Test
    void aFailedFirstBatch_isSentAgainInOrder_andTheBatchPreparedBehindItIsPreparedAgain() {
        try (DeliveryFixture f = new DeliveryFixture(BATCHES_OF_3)) {
            // step 1: beta is down; the first batch fails, with the second already prepared behind it
            f.transport.set(BETA, ScriptedTransport.DOWN);
            f.post(ids("e", 6), BETA);
            assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("e1", "e2", "e3"));
            assertThat(f.transport.preparedFor(BETA)).containsExactly(List.of("e1", "e2", "e3"), List.of("e4", "e5", "e6"));

            // step 2: beta is back; the same events go again, first batch first, nothing twice after a success
            f.transport.set(BETA, ScriptedTransport.UP);
            f.runNextTimer();

            assertThat(f.transport.requestsTo(BETA)).containsExactly(
                    List.of("e1", "e2", "e3"), List.of("e1", "e2", "e3"), List.of("e4", "e5", "e6"));
            assertThat(f.transport.preparedFor(BETA)).as("what was prepared before the failure was not sent").containsExactly(
                    List.of("e1", "e2", "e3"), List.of("e4", "e5", "e6"), List.of("e1", "e2", "e3"), List.of("e4", "e5", "e6"));
            assertThat(f.queued(BETA)).isEmpty();
            assertThat(f.peer(BETA).eventsOut()).isEqualTo(6);
        }
    }

    @Test
    void aRefusedEventInTheFirstBatch_leavesTheQueue_andTheRestFollowsInOrder() {
        try (DeliveryFixture f = new DeliveryFixture(BATCHES_OF_3)) {
            f.transport.set(BETA, ScriptedTransport.refusing(Set.of("e2")));

            f.post(ids("e", 6), BETA);

            assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("e1", "e2", "e3"),
                    List.of("e1"), List.of("e2"), List.of("e3"), List.of("e4", "e5", "e6"));
            assertThat(f.queued(BETA)).isEmpty();
            assertThat(f.peer(BETA).eventsRejected()).isEqualTo(1);
        }
    }

    @Test
    void aBatchPreparedAhead_isPreparedAgain_whenItsRowsChangedWhileTheFirstWasInFlight() {
        try (DeliveryFixture f = new DeliveryFixture(BATCHES_OF_3)) {
            // while beta takes the first batch, the event e5 (already prepared in the second) is deleted
            f.transport.set(BETA, eventIds -> {
                if (eventIds.contains("e1")) {
                    f.jdbi().useHandle(h -> h.execute("DELETE FROM federation_events WHERE id = 'e5'"));
                }
            });

            f.post(ids("e", 7), BETA);

            assertThat(f.transport.requestsTo(BETA)).containsExactly(
                    List.of("e1", "e2", "e3"), List.of("e4", "e6"), List.of("e7"));
            assertThat(f.transport.preparedFor(BETA)).containsExactly(List.of("e1", "e2", "e3"),
                    List.of("e4", "e5", "e6"), List.of("e4", "e6"), List.of("e7"));
            assertThat(f.queued(BETA)).isEmpty();
        }
    }
}
