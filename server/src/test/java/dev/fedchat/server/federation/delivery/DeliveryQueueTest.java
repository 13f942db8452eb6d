package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static dev.fedchat.server.federation.delivery.ScriptedTransport.UP;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One peer's queue on a real database, driven step by step: sending happens inline when a test
 * posts, and retries when it moves the clock and runs what is due (no thread, no sleep).
 */
class DeliveryQueueTest {
    private static final String BETA = "beta.test";
    private static final String GAMMA = "gamma.test";
    private static final DeliveryConfig CONFIG = DeliveryConfig.DEFAULTS.withBatchSize(3)
            .withRetries(Duration.ofSeconds(2), Duration.ofMinutes(1), 0.2);

    private final DeliveryFixture f = new DeliveryFixture(CONFIG);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void eventsGoOutInOrder_inBatchesOfAtMostTheConfiguredSize() {
        f.post(ids("e", 7), BETA);

        assertThat(f.transport.requestsTo(BETA)).containsExactly(
                List.of("e1", "e2", "e3"), List.of("e4", "e5", "e6"), List.of("e7"));
        assertThat(f.queued(BETA)).isEmpty();
        PeerDelivery beta = f.peer(BETA);
        assertThat(beta.eventsOut()).isEqualTo(7);
        assertThat(beta.lastSuccessAt()).isEqualTo(DeliveryFixture.T0);
        assertThat(beta.failures()).isZero();
    }

    @Test
    void aSuccessRemovesExactlyTheRowsSent_notOnesQueuedMeanwhile() {
        // step 1: while beta receives the first batch, another event is stored for it
        f.transport.set(BETA, ids -> {
            if (ids.contains("e1")) {
                f.post("late", BETA);
            }
        });

        f.post(List.of("e1", "e2"), BETA);

        // step 2: the late event was not deleted with the batch: it went out right after it
        assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("e1", "e2"), List.of("late"));
        assertThat(f.queued(BETA)).isEmpty();
        assertThat(f.peer(BETA).eventsOut()).isEqualTo(3);
    }

    @Test
    void oneEventForTwoPeers_leavesTheQueueOfTheOneThatTookIt_only() {
        f.transport.set(GAMMA, DOWN);

        f.post("e1", BETA, GAMMA);

        assertThat(f.queued(BETA)).isEmpty();
        assertThat(f.queued(GAMMA)).containsExactly("e1");
    }

    @Test
    void aFailedAttemptKeepsTheRows_andTheBackoffGrowsUpToTheCap() {
        f.transport.set(BETA, DOWN);
        f.post("e1", BETA);
        List<Duration> waits = new ArrayList<>(List.of(f.storedWait(BETA)));

        for (int i = 0; i < 6; i++) {
            f.runNextTimer();
            waits.add(f.storedWait(BETA));
            assertThat(f.scheduler.pending()).as("one timer per peer").hasSize(1);
        }

        assertThat(waits).extracting(Duration::toSeconds).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L);
        assertThat(f.queued(BETA)).containsExactly("e1");
        PeerDelivery beta = f.peer(BETA);
        assertThat(beta.failures()).isEqualTo(7);
        assertThat(beta.lastError()).contains("connection refused");
        assertThat(beta.lastErrorAt()).isEqualTo(f.clock.instant());
        assertThat(beta.failingSince()).isEqualTo(DeliveryFixture.T0);
        assertThat(f.transport.requestsTo(BETA)).hasSize(7);
    }

    @Test
    void theJitterShortensTheStoredWait_withinItsBound() {
        f.transport.set(BETA, DOWN);
        f.random.set(0.5);

        f.post("e1", BETA);
        f.runNextTimer();

        // 2 s, then 4 s, each shortened by 0.5 × 20%
        assertThat(f.storedWait(BETA)).isEqualTo(Duration.ofMillis(3600));
        assertThat(f.scheduler.pending()).containsExactly(f.peer(BETA).nextAttemptAt());
    }

    @Test
    void aNewEventDoesNotCutTheBackoffShort_andGoesOutWithTheNextAttempt() {
        f.transport.set(BETA, DOWN);
        f.post("e1", BETA);

        f.post("e2", BETA);
        assertThat(f.transport.requestsTo(BETA)).as("no request for the new event while backing off").hasSize(1);

        f.transport.set(BETA, UP);
        f.runNextTimer();
        assertThat(f.transport.requestsTo(BETA)).last().isEqualTo(List.of("e1", "e2"));
        assertThat(f.queued(BETA)).isEmpty();
        PeerDelivery beta = f.peer(BETA);
        assertThat(beta.failures()).isZero();
        assertThat(beta.nextAttemptAt()).isNull();
        assertThat(beta.failingSince()).isNull();
    }

    @Test
    void peerIsAlive_forgetsTheBackoff_andSendsAtOnce() {
        f.transport.set(BETA, DOWN);
        f.post("e1", BETA);
        f.runNextTimer();
        f.runNextTimer();
        assertThat(f.storedWait(BETA)).isEqualTo(Duration.ofSeconds(8));

        // beta is back and talks to us: no waiting for the 8 s
        f.transport.set(BETA, UP);
        f.queues.peerIsAlive("Beta.Test");

        assertThat(f.queued(BETA)).isEmpty();
        assertThat(f.peer(BETA).failures()).isZero();
        assertThat(f.scheduler.pending()).as("the retry timer was cancelled").isEmpty();
    }

    /**
     * A peer that sends us proven requests while it fails our deliveries gets one attempt, not one
     * per request it sends (issue 12 §4), and its backoff goes on growing.
     */
    @Test
    void peerIsAlive_whileOurRequestsStillFail_triesOnce_andTheBackoffGoesOn() {
        f.transport.set(BETA, DOWN);
        f.post("e1", BETA);
        f.runNextTimer();
        f.runNextTimer();
        int requests = f.transport.requestsTo(BETA).size();
        Duration waitBefore = f.storedWait(BETA);

        f.queues.peerIsAlive(BETA);
        f.queues.peerIsAlive(BETA);
        f.queues.peerIsAlive(BETA);

        assertThat(f.transport.requestsTo(BETA)).as("one attempt for three proven requests").hasSize(requests + 1);
        assertThat(f.storedWait(BETA)).as("the failures still count").isGreaterThan(waitBefore);
        assertThat(f.scheduler.pending()).hasSize(1);
        f.runNextTimer();
        f.queues.peerIsAlive(BETA);
        assertThat(f.transport.requestsTo(BETA)).as("after a scheduled attempt, a proven request wakes it again")
                .hasSize(requests + 3);
    }

    @Test
    void peerIsAlive_costsNothing_whenTheQueueIsHealthy_orUnknown() {
        f.post("e1", BETA);
        f.transport.clear();

        f.queues.peerIsAlive(BETA);
        f.queues.peerIsAlive("never-seen.test");

        assertThat(f.transport.requests()).isEmpty();
        assertThat(f.queues.peers()).extracting(PeerDelivery::domain).containsExactly(BETA);
    }

    @Test
    void retryNow_sendsAtOnce_andRefusesADomainThatIsNoPeer() {
        f.transport.set(BETA, DOWN);
        f.post("e1", BETA);
        f.transport.set(BETA, UP);

        assertThat(f.queues.retryNow(BETA)).isTrue();
        assertThat(f.queued(BETA)).isEmpty();

        assertThat(f.queues.retryNow("never-seen.test")).isFalse();
        assertThat(f.queues.peers()).extracting(PeerDelivery::domain).containsExactly(BETA);
    }

    @Test
    void aRefusedEvent_isFoundAndTakenOut_andTheOthersGo() {
        f.transport.set(BETA, ScriptedTransport.refusing(Set.of("e2")));

        f.post(List.of("e1", "e2", "e3", "e4"), BETA);

        // the batch was refused, so each of its events went alone; e4 came in the next batch
        assertThat(f.transport.requestsTo(BETA)).containsExactly(
                List.of("e1", "e2", "e3"), List.of("e1"), List.of("e2"), List.of("e3"), List.of("e4"));
        assertThat(f.queued(BETA)).isEmpty();
        PeerDelivery beta = f.peer(BETA);
        assertThat(beta.eventsRejected()).isEqualTo(1);
        assertThat(beta.eventsOut()).isEqualTo(3);
        assertThat(beta.failures()).as("a refusal is no failure of the peer").isZero();
        assertThat(beta.nextAttemptAt()).isNull();
        assertThat(beta.lastError()).contains("e2").contains("unknown event type");
        assertThat(rejected()).containsExactly(BETA + " e2 answered HTTP 400: unknown event type in e2");
    }

    @Test
    void aRefusedSingleEvent_leavesAtOnce_andLaterEventsStillGoInBatches() {
        f.transport.set(BETA, ScriptedTransport.refusing(Set.of("bad")));

        f.post("bad", BETA);
        f.post(List.of("e1", "e2"), BETA);

        assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("bad"), List.of("e1", "e2"));
        assertThat(f.queued(BETA)).isEmpty();
    }

    @Test
    void aFailureWhileLookingForTheRefusedEvent_stopsAndBacksOff_keepingTheRest() {
        // beta refuses the batch; then, event by event, it goes down after taking e1
        f.transport.set(BETA, ids -> {
            if (ids.size() > 1) {
                ScriptedTransport.refusing(Set.of("e2")).answer(ids);
            } else if (!ids.equals(List.of("e1"))) {
                DOWN.answer(ids);
            }
        });

        f.post(List.of("e1", "e2", "e3"), BETA);

        assertThat(f.queued(BETA)).containsExactly("e2", "e3");
        assertThat(f.peer(BETA).failures()).isEqualTo(1);
        assertThat(f.peer(BETA).eventsRejected()).isZero();
    }

    @Test
    void untrusted_isRetriedLikeATransientFailure() {
        f.transport.set(BETA, ScriptedTransport.UNTRUSTING);

        f.post("e1", BETA);

        assertThat(f.queued(BETA)).containsExactly("e1");
        assertThat(f.storedWait(BETA)).isEqualTo(Duration.ofSeconds(2));
        assertThat(f.peer(BETA).lastError()).contains("Could not decrypt payload");
    }

    @Test
    void aRowWhoseEventIsGone_isDropped_andDoesNotStopTheQueue() {
        f.transport.set(BETA, DOWN);
        f.post(List.of("e1", "e2"), BETA);
        f.jdbi().useHandle(h -> h.execute("DELETE FROM federation_events WHERE id = 'e1'"));

        f.transport.set(BETA, UP);
        f.runNextTimer();

        assertThat(f.transport.requestsTo(BETA)).last().isEqualTo(List.of("e2"));
        assertThat(f.queued(BETA)).isEmpty();
    }

    @Test
    void countReceived_addsToEventsIn() {
        f.queues.countReceived(GAMMA, 3);
        f.queues.countReceived("GAMMA.test", 2);

        assertThat(f.peer(GAMMA).eventsIn()).isEqualTo(5);
        assertThat(f.peer(GAMMA).pending()).isZero();
    }

    private List<String> rejected() {
        return f.jdbi().withHandle(h -> h.createQuery("SELECT domain || ' ' || event_id || ' ' || reason FROM federation_rejected ORDER BY seq")
                .mapTo(String.class).list());
    }

    static List<String> ids(String prefix, int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
    }
}
