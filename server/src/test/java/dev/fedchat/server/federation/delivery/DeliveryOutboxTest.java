package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The outbox: rows in the event's transaction, never for our own domain, queues woken only after the commit. */
class DeliveryOutboxTest {
    private static final String BETA = "beta.test";
    private static final String GAMMA = "gamma.test";

    private final DeliveryFixture f = new DeliveryFixture(DeliveryConfig.DEFAULTS);

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void ourOwnDomainIsNeverQueued_andEachDomainOnce() {
        f.transport.set(BETA, DOWN).set(GAMMA, DOWN);

        f.post("e1", BETA, "ALPHA.test", GAMMA, "beta.test ", DeliveryFixture.OWN);

        assertThat(f.queued(DeliveryFixture.OWN)).isEmpty();
        assertThat(f.queued(BETA)).containsExactly("e1");
        assertThat(f.queued(GAMMA)).containsExactly("e1");
        assertThat(f.transport.requests()).extracting(ScriptedTransport.Request::domain).containsExactly(BETA, GAMMA);
    }

    @Test
    void theQueuesAreWokenAfterTheCommit_notBefore() {
        f.jdbi().useTransaction(h -> {
            f.storeEvent(h, "e1");
            assertThat(f.outbox.enqueue(h, "e1", List.of(BETA))).containsExactly(BETA);
            assertThat(f.transport.requests()).as("nothing sent before the commit").isEmpty();
        });

        assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("e1"));
    }

    @Test
    void aRolledBackEvent_leavesNoRow_andWakesNoQueue() {
        assertThatThrownBy(() -> f.jdbi().useTransaction(h -> {
            f.storeEvent(h, "e1");
            f.outbox.enqueue(h, "e1", List.of(BETA));
            throw new IllegalStateException("the room's rule refused it");
        })).hasMessageContaining("refused");

        assertThat(f.queued(BETA)).isEmpty();
        assertThat(f.transport.requests()).isEmpty();
    }

    @Test
    void enqueueOutsideATransaction_isRefused() {
        assertThatThrownBy(() -> f.jdbi().useHandle(h -> f.outbox.enqueue(h, "e1", List.of(BETA))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
    }

    @Test
    void anEventOnlyForOurOwnDomain_queuesNothing() {
        f.post("e1", DeliveryFixture.OWN);

        assertThat(f.queues.peers()).isEmpty();
        assertThat(f.transport.requests()).isEmpty();
    }
}
