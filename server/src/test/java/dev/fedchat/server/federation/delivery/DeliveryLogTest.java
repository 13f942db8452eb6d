package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static dev.fedchat.server.federation.delivery.ScriptedTransport.UP;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lines an operator reads: one when a peer starts failing, few while it stays down, one when it is back. */
class DeliveryLogTest {
    private static final String BETA = "beta.test";
    private static final DeliveryConfig CONFIG = new DeliveryConfig(50, Duration.ofSeconds(2), Duration.ofMinutes(1), 0,
            Duration.ofMinutes(10), 1);

    private final DeliveryFixture f = new DeliveryFixture(CONFIG);
    private final LogCapture logs = new LogCapture(DeliveryLog.class);

    @AfterEach
    void close() {
        logs.close();
        f.close();
    }

    @Test
    void aPeerThatStartsFailing_getsOneWarn_withTheErrorAndTheNextAttempt_notOnePerRetry() {
        f.transport.set(BETA, DOWN);

        f.post("e1", BETA);
        for (int i = 0; i < 5; i++) {
            f.runNextTimer();
        }

        assertThat(logs.at(Level.WARN)).singleElement().asString()
                .startsWith("Federation delivery to beta.test: attempt failed:")
                .contains("connection refused")
                .contains("1 event waiting")
                .contains("next attempt at 2026-11-27T08:00:02Z (in 2.0 s)");
        assertThat(f.transport.requestsTo(BETA)).hasSize(6);
    }

    @Test
    void aPeerThatStaysDown_getsAReminderEveryInterval_andOneInfoWhenItIsBack() {
        f.transport.set(BETA, DOWN);
        f.post("e1", BETA);
        // step 1: eleven minutes of retries, capped at one a minute
        while (f.clock.instant().isBefore(DeliveryFixture.T0.plus(Duration.ofMinutes(11)))) {
            f.runNextTimer();
        }
        assertThat(logs.at(Level.WARN)).hasSize(2);
        assertThat(logs.at(Level.WARN).get(1)).startsWith("Federation delivery to beta.test: still failing after")
                .contains("attempts over 10 min").contains("1 event waiting");
        int failed = f.transport.requestsTo(BETA).size();

        // step 2: beta is back (at the next minutely retry, 12 min in), with two events waiting for it
        f.post("e2", BETA);
        f.transport.set(BETA, UP);
        f.runNextTimer();

        assertThat(logs.at(Level.INFO)).singleElement().asString().isEqualTo("Federation delivery to beta.test: delivered 2"
                + " queued events after " + failed + " failed attempts over 12 min; the peer is reachable again.");
    }

    @Test
    void aPeerThatCannotDecryptUs_isToldApart_inTheWarn() {
        f.transport.set(BETA, ScriptedTransport.UNTRUSTING);

        f.post("e1", BETA);

        assertThat(logs.at(Level.WARN)).singleElement().asString()
                .contains("could not decrypt our request").contains("public key").contains("./fedchat doctor");
    }

    @Test
    void aRefusedEvent_isOneWarn_namingTheEventAndTheReason() {
        f.transport.set(BETA, ScriptedTransport.refusing(java.util.Set.of("e1")));

        f.post("e1", BETA);

        assertThat(logs.at(Level.WARN)).singleElement().asString()
                .contains("refused event e1").contains("unknown event type").contains("federation_rejected");
    }
}
