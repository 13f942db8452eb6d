package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A server stopped while a peer is down loses nothing: the next server on the same database sends
 * everything, once and in order (issue 4 §6, "the sender restarted mid-queue"), on every database.
 */
class DeliveryServerRestartTest {
    private static final String BETA = "beta.test";

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void whatTheFirstServerCouldNotSend_theNextOneSends(String name) {
        Path dir = TestServer.tempDir();
        ManualClock clock = new ManualClock(DeliveryFixture.T0);
        List<String> events = DeliveryQueueTest.ids("e", 5);
        try (Databases.Target target = Databases.open(name)) {
            DatabaseConfig db = target.config(dir);
            // step 1: beta is down; five events are stored for it, each attempt fails, the server stops
            ScriptedTransport down = new ScriptedTransport().set(BETA, DOWN);
            try (TestServer first = TestServer.start(c -> DeliveryFixture.federating(c, db), clock, down);
                 Database side = Database.open(db)) {
                for (String id : events) {
                    side.jdbi().useTransaction(h -> {
                        DeliveryFixture.storeEvent(h, id, clock.millis());
                        first.server().outbox().enqueue(h, id, List.of(BETA));
                    });
                }
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> first.server().deliveries().peers().get(0).failures() >= 1);
            }

            // step 2: later, a new server on the same database, and beta is back
            clock.advance(Duration.ofMinutes(1));
            ScriptedTransport up = new ScriptedTransport();
            try (TestServer second = TestServer.start(c -> DeliveryFixture.federating(c, db), clock, up)) {
                Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> second.server().deliveries().peers().get(0).pending() == 0);

                assertThat(up.requestsTo(BETA).stream().flatMap(List::stream).toList()).containsExactlyElementsOf(events);
                PeerDelivery beta = second.server().deliveries().peers().get(0);
                assertThat(beta.eventsOut()).isEqualTo(5);
                assertThat(beta.failures()).isZero();
            }
        } finally {
            TestServer.deleteRecursively(dir);
        }
    }
}
