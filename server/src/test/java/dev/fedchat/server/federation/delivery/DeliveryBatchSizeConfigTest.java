package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static dev.fedchat.server.federation.delivery.ScriptedTransport.UP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The server's delivery configuration ({@code ServerConfig.delivery}, set by {@code fedchat serve
 * --delivery-batch-size} or {@code FEDCHAT_DELIVERY_BATCH_SIZE}) is the one its queues batch with.
 */
class DeliveryBatchSizeConfigTest {
    private static final String BETA = "beta.test";

    @Test
    void aServerConfiguredForBatchesOfTwo_sendsFiveQueuedEventsInThreeRequests_inOrder() {
        ManualClock clock = new ManualClock(DeliveryFixture.T0);
        DatabaseConfig db = DatabaseConfig.inMemory("batch-size-" + UUID.randomUUID());
        List<String> events = DeliveryQueueTest.ids("e", 5);
        ScriptedTransport transport = new ScriptedTransport().set(BETA, DOWN);
        // a first retry an hour away: only retryNow below sends again
        DeliveryConfig config = DeliveryConfig.DEFAULTS.withBatchSize(2).withRetries(Duration.ofHours(1), Duration.ofHours(1), 0);
        try (TestServer server = TestServer.start(c -> DeliveryFixture.federating(c, db).withDelivery(config), clock, transport);
             Database side = Database.open(db)) {
            for (String id : events) {
                side.jdbi().useTransaction(h -> {
                    DeliveryFixture.storeEvent(h, id, clock.millis());
                    server.server().outbox().enqueue(h, id, List.of(BETA));
                });
            }
            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.server().deliveries().peers().get(0).failures() >= 1);
            transport.clear();
            transport.set(BETA, UP);

            server.server().deliveries().retryNow(BETA);

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.server().deliveries().peers().get(0).pending() == 0);
            assertThat(transport.requestsTo(BETA)).containsExactly(events.subList(0, 2), events.subList(2, 4), events.subList(4, 5));
        }
    }
}
