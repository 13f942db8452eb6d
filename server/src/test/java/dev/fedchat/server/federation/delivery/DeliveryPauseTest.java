package dev.fedchat.server.federation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * While federation is switched off here, the queues send nothing and keep every row; switched on
 * again, they send what waited, in order. A server that answers its peers "Federation not
 * enabled" does not keep talking to them, and the pause is not a failure of the peer.
 */
class DeliveryPauseTest {
    private static final String BETA = "beta.test";

    @Test
    void whileFederationIsOff_nothingIsSent_andStartSendsWhatWaitedInOrder() {
        try (DeliveryFixture f = new DeliveryFixture(DeliveryConfig.DEFAULTS.withBatchSize(3))) {
            f.enabled.set(false);
            f.post(DeliveryQueueTest.ids("e", 4), BETA);
            f.queues.retryNow(BETA);
            f.scheduler.runDue();

            assertThat(f.transport.requests()).isEmpty();
            assertThat(f.queued(BETA)).containsExactly("e1", "e2", "e3", "e4");
            assertThat(f.peer(BETA).failures()).isZero();
            assertThat(f.scheduler.pending()).as("no retry timer: the pause is not a failure").isEmpty();

            f.queues.start(); // still off: nothing moves
            assertThat(f.transport.requests()).isEmpty();

            f.enabled.set(true);
            f.queues.start();

            assertThat(f.transport.requestsTo(BETA)).containsExactly(List.of("e1", "e2", "e3"), List.of("e4"));
            assertThat(f.queued(BETA)).isEmpty();
        }
    }

    @Test
    void switchingFederationOnInTheSettings_sendsWhatWaited() {
        Path dir = TestServer.tempDir();
        ManualClock clock = new ManualClock(DeliveryFixture.T0);
        ScriptedTransport transport = new ScriptedTransport();
        try (Databases.Target target = Databases.open(Databases.names().get(0))) {
            DatabaseConfig db = target.config(dir);
            try (TestServer server = TestServer.start(c -> DeliveryFixture.federating(c, db), clock, transport);
                 Database side = Database.open(db)) {
                server.server().settings().set(FederationSettings.ENABLED, BooleanNode.FALSE);
                side.jdbi().useTransaction(h -> {
                    for (String id : List.of("e1", "e2")) {
                        DeliveryFixture.storeEvent(h, id, clock.millis());
                        server.server().outbox().enqueue(h, id, List.of(BETA));
                    }
                });
                server.server().deliveries().retryNow(BETA);
                Awaitility.await("nothing sent while federation is off").during(Duration.ofMillis(300))
                        .atMost(Duration.ofSeconds(2)).until(() -> transport.requests().isEmpty());

                server.server().settings().set(FederationSettings.ENABLED, BooleanNode.TRUE);

                Awaitility.await("sent once federation is on").atMost(Duration.ofSeconds(10))
                        .until(() -> DeliveryFixture.queued(side.jdbi(), BETA).isEmpty());
                assertThat(transport.requestsTo(BETA).stream().flatMap(List::stream).toList()).containsExactly("e1", "e2");
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }
}
