package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static dev.fedchat.server.federation.delivery.ScriptedTransport.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.federation.transport.PeerCallException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The database is the truth: new queues on the same database pick up where the old ones stopped. */
class DeliveryRestartTest {
    private static final String BETA = "beta.test";
    private static final String GAMMA = "gamma.test";

    private final DeliveryFixture f = new DeliveryFixture(DeliveryConfig.DEFAULTS);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void eventsStoredButNeverSent_goOutAfterTheRestart_inOrder() {
        // the process stops right after the commits, before any queue looked
        f.queues.close();
        f.post(List.of("e1", "e2"), BETA, GAMMA);
        f.post("e3", BETA);

        f.restart();

        assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("e1", "e2", "e3"));
        assertThat(f.transport.requestsTo(GAMMA)).containsExactly(List.of("e1", "e2"));
        assertThat(f.queued(BETA)).isEmpty();
        assertThat(f.queued(GAMMA)).isEmpty();
    }

    @Test
    void aPeerInBackoff_staysInBackoffAcrossTheRestart_thenGetsEverything() {
        f.transport.set(BETA, DOWN);
        f.post("e1", BETA);
        f.runNextTimer();
        f.runNextTimer();
        var nextAttempt = f.peer(BETA).nextAttemptAt();
        assertThat(f.storedWait(BETA)).isEqualTo(Duration.ofSeconds(8));
        f.transport.set(BETA, UP);
        f.transport.clear();

        f.restart();

        assertThat(f.transport.requests()).as("no request before the stored next attempt").isEmpty();
        assertThat(f.scheduler.pending()).containsExactly(nextAttempt);
        f.runNextTimer();
        assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("e1"));
        assertThat(f.peer(BETA).failures()).isZero();
    }

    @Test
    void aBackoffThatEndedWhileStopped_isRetriedAtOnce_andContinuesFromItsCount() {
        f.transport.set(BETA, DOWN);
        f.post("e1", BETA);
        f.runNextTimer();
        f.clock.advance(Duration.ofMinutes(5));

        f.restart();

        assertThat(f.transport.requestsTo(BETA)).hasSize(3);
        assertThat(f.peer(BETA).failures()).isEqualTo(3);
        assertThat(f.storedWait(BETA)).as("the third failure's wait").isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void aBatchInFlightWhenTheProcessStops_isSentAgainAfterTheRestart() {
        // beta's answer never arrives: the process shuts down while the request is in flight
        f.transport.set(BETA, ids -> {
            f.queues.close();
            throw new PeerCallException(PeerCallException.Kind.TRANSIENT, "interrupted");
        });
        f.post(List.of("e1", "e2"), BETA);
        assertThat(f.queued(BETA)).containsExactly("e1", "e2");
        assertThat(f.peer(BETA).failures()).as("our shutdown is not the peer's failure").isZero();

        f.transport.set(BETA, UP);
        f.restart();

        assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("e1", "e2"), List.of("e1", "e2"));
        assertThat(f.queued(BETA)).isEmpty();
    }
}
