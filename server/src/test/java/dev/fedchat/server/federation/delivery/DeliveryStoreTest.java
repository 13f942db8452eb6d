package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static dev.fedchat.server.federation.delivery.ScriptedTransport.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.db.Database;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement of the delivery store on every database we support (H2 always, PostgreSQL when
 * the test command started one): one scenario that queues, fails, refuses, delivers, counts and
 * reads the admin view, then restarts.
 */
class DeliveryStoreTest {
    private static final String BETA = "beta.test";
    private static final String GAMMA = "gamma.test";

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theQueuesKeepTheirStateInTheDatabase(String name) {
        Path dir = TestServer.tempDir();
        try (Databases.Target target = Databases.open(name);
             DeliveryFixture f = new DeliveryFixture(DeliveryConfig.DEFAULTS.withBatchSize(2), Database.open(target.config(dir)))) {
            // step 1: beta refuses e2 and takes the rest; gamma is down
            f.transport.set(BETA, ScriptedTransport.refusing(Set.of("e2"))).set(GAMMA, DOWN);
            f.post(List.of("e1", "e2", "e3"), BETA, GAMMA);
            f.queues.countReceived(BETA, 4);

            List<PeerDelivery> peers = f.queues.peers();
            assertThat(peers).extracting(PeerDelivery::domain).containsExactly(BETA, GAMMA);
            PeerDelivery beta = peers.get(0);
            assertThat(beta.pending()).isZero();
            assertThat(beta.eventsOut()).isEqualTo(2);
            assertThat(beta.eventsRejected()).isEqualTo(1);
            assertThat(beta.eventsIn()).isEqualTo(4);
            assertThat(beta.lastSuccessAt()).isEqualTo(DeliveryFixture.T0);
            PeerDelivery gamma = peers.get(1);
            assertThat(gamma.pending()).isEqualTo(3);
            assertThat(gamma.failures()).isEqualTo(1);
            assertThat(gamma.failingSince()).isEqualTo(DeliveryFixture.T0);
            assertThat(gamma.nextAttemptAt()).isEqualTo(DeliveryFixture.T0.plusSeconds(2));
            assertThat(gamma.lastSuccessAt()).isNull();

            // step 2: a restart after gamma's wait; gamma is back and gets all three, in two batches
            f.transport.set(GAMMA, UP);
            f.clock.advance(Duration.ofSeconds(3));
            f.restart();

            assertThat(f.transport.requestsTo(GAMMA)).endsWith(List.of("e1", "e2"), List.of("e3"));
            assertThat(f.queues.peers()).allSatisfy(p -> {
                assertThat(p.pending()).isZero();
                assertThat(p.failures()).isZero();
                assertThat(p.nextAttemptAt()).isNull();
            });
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }
}
