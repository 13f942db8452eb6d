package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static dev.fedchat.server.federation.delivery.ScriptedTransport.UP;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A failing peer is probed on a short capped timer (issue 12): its return ends the backoff with a
 * real attempt at once; a dead peer is probed at the capped rate and no more, and a probe is never
 * an attempt; a peer that answers probes but fails deliveries is not sent to at probe frequency.
 * Fake clock and scheduler: the probes and retries run when the test moves the clock.
 */
class DeliveryProbeTest {
    private static final String BETA = "beta.test";
    /** Retries from 2 s doubling up to an hour, no jitter (the fixture's random is 0 anyway); probes 1 s, then every 2 s. */
    private static final DeliveryConfig CONFIG = DeliveryConfig.DEFAULTS.withBatchSize(3)
            .withRetries(Duration.ofSeconds(2), Duration.ofHours(1), 0.2);
    private static final Duration PROBE_CAP = ProbeConfig.DEFAULTS.max();

    private final DeliveryFixture f = DeliveryFixture.probing(CONFIG);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aPeerThatAnswersAgain_isSentItsBacklogWithinAProbeStep_notAtTheEndOfItsBackoff() {
        deepInBackoff(7);
        Duration wait = f.storedWait(BETA);
        assertThat(wait).as("the stored backoff").isGreaterThan(Duration.ofMinutes(1));

        try (LogCapture log = new LogCapture(DeliveryLog.class)) {
            f.transport.set(BETA, UP);
            f.probe.answering(BETA, true);
            f.advanceBy(PROBE_CAP);

            assertThat(f.queued(BETA)).as("sent within one probe step of the peer's return").isEmpty();
            assertThat(log.at(Level.INFO)).filteredOn(l -> l.contains("answers again"))
                    .containsExactly("Federation delivery to beta.test: the peer answers again; sending its 5 events queued now"
                            + " rather than at the next scheduled attempt.");
        }
        PeerDelivery beta = f.peer(BETA);
        assertThat(beta.failures()).isZero();
        assertThat(beta.nextAttemptAt()).isNull();
        assertThat(f.scheduler.pending()).as("no retry timer, no probe left").isEmpty();
    }

    @Test
    void aDeadPeer_isProbedAtTheCappedRate_andNoMore_andAProbeIsNoAttempt() {
        deepInBackoff(7); // the next attempt is 128 s away
        PeerDelivery before = f.peer(BETA);
        int attempts = f.transport.requestsTo(BETA).size();
        f.probe.timedBy(f.clock);

        f.advanceBy(Duration.ofSeconds(120));

        List<Duration> gaps = gaps(f.probe.times());
        assertThat(gaps).as("probes in a 2 min wait, after the first step every %s", PROBE_CAP).hasSizeGreaterThan(30);
        assertThat(gaps).containsOnly(PROBE_CAP);
        assertThat(f.transport.requestsTo(BETA)).as("no delivery attempt from a silent probe").hasSize(attempts);
        PeerDelivery after = f.peer(BETA);
        assertThat(after.failures()).isEqualTo(before.failures());
        assertThat(after.nextAttemptAt()).isEqualTo(before.nextAttemptAt());
        assertThat(after.lastErrorAt()).isEqualTo(before.lastErrorAt());
    }

    @Test
    void aPeerThatAnswersProbesButFailsDeliveries_getsAtMostOneWokenAttemptPerScheduledOne() {
        // beta answers GET /api/info but fails every dispatch (broken, or hostile); and the same peer with probing off
        f.transport.set(BETA, DOWN);
        f.probe.answering(BETA, true);
        try (DeliveryFixture unprobed = new DeliveryFixture(CONFIG)) {
            unprobed.transport.set(BETA, DOWN);
            f.post(ids(1), BETA);
            unprobed.post(ids(1), BETA);

            f.advanceBy(Duration.ofHours(3));
            unprobed.advanceBy(Duration.ofHours(3));

            int scheduled = unprobed.transport.requestsTo(BETA).size();
            int probed = f.transport.requestsTo(BETA).size();
            long probeFrequency = Duration.ofHours(3).dividedBy(PROBE_CAP);
            assertThat(probed).as("attempts in 3 h: at most twice the backoff's own (%s), far from one per probe (%s)",
                    scheduled, probeFrequency).isBetween(scheduled, 2 * scheduled);
            assertThat(f.probe.probesOf(BETA)).as("one probe per wait: it answered, so the wait's probing ended")
                    .isLessThanOrEqualTo(probed);
            assertThat(f.queued(BETA)).containsExactly("e1");
        }
    }

    @Test
    void anAttemptAProbeWokeThatFails_countsAsAFailure_andTheNextWaitIsLonger() {
        deepInBackoff(5); // 5 failures: the next wait would be 32 s
        f.probe.answering(BETA, true);

        f.advanceBy(ProbeConfig.DEFAULTS.first()); // the first probe: it answers, the attempt fails

        PeerDelivery beta = f.peer(BETA);
        assertThat(beta.failures()).isEqualTo(6);
        assertThat(f.storedWait(BETA)).as("the sixth failure's wait").isEqualTo(Duration.ofSeconds(64));
        assertThat(f.scheduler.pending()).as("only the retry: no probing until the scheduled attempt")
                .containsExactly(beta.nextAttemptAt());
    }

    @Test
    void afterARestart_aLongStoredBackoffIsCutShortByTheProbe() {
        deepInBackoff(8); // the next attempt is over 4 min away
        f.restart();
        assertThat(f.scheduler.pending()).as("the stored attempt, and a probe before it").hasSize(2);

        f.transport.set(BETA, UP);
        f.probe.answering(BETA, true);
        f.advanceBy(PROBE_CAP);

        assertThat(f.queued(BETA)).isEmpty();
        assertThat(f.peer(BETA).failures()).isZero();
    }

    @Test
    void withProbingOff_aReturnedPeerWaitsOutItsBackoff() {
        try (DeliveryFixture off = DeliveryFixture.probing(CONFIG.withProbe(ProbeConfig.DEFAULTS.withEnabled(false)))) {
            off.transport.set(BETA, DOWN);
            off.post(ids(2), BETA);
            off.runNextTimer();
            off.runNextTimer(); // three failures: 8 s to wait
            off.transport.set(BETA, UP);
            off.probe.answering(BETA, true);

            off.advanceBy(Duration.ofSeconds(7));

            assertThat(off.probe.probesOf(BETA)).isZero();
            assertThat(off.queued(BETA)).hasSize(2);
            off.advanceBy(Duration.ofSeconds(1));
            assertThat(off.queued(BETA)).isEmpty();
        }
    }

    @Test
    void aWaitShorterThanAProbeStep_isNotProbed() {
        DeliveryConfig quick = CONFIG.withRetries(Duration.ofMillis(500), Duration.ofMillis(800), 0);
        try (DeliveryFixture q = DeliveryFixture.probing(quick)) {
            q.transport.set(BETA, DOWN);
            q.post(ids(1), BETA);

            q.advanceBy(Duration.ofSeconds(10));

            assertThat(q.probe.probesOf(BETA)).isZero();
        }
    }

    /** Posts 5 events for a dead, silent beta and lets its queue fail {@code failures} times. */
    private void deepInBackoff(int failures) {
        f.transport.set(BETA, DOWN);
        f.post(ids(5), BETA);
        while (f.peer(BETA).failures() < failures) {
            f.advanceBy(f.storedWait(BETA));
        }
    }

    private static List<String> ids(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "e" + i).toList();
    }

    private static List<Duration> gaps(List<Instant> times) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add(Duration.between(times.get(i - 1), times.get(i)));
        }
        return gaps;
    }
}
