package dev.fedchat.server.federation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.federation.transport.PeerCallException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queues on real threads: a peer that hangs holds only its own queue, a peer never has two
 * requests in flight, and shutting down interrupts a hung request without losing its rows.
 */
@Timeout(30)
class DeliveryThreadsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String DEAD = "dead.test";
    private static final String BETA = "beta.test";

    private final Database database = Database.open(DatabaseConfig.inMemory("delivery-threads-" + UUID.randomUUID()));
    /** Released at the end, so the hung request ends. */
    private final CountDownLatch deadAnswers = new CountDownLatch(1);
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();
    private final ScriptedTransport transport = new ScriptedTransport();
    private DeliveryQueues queues;
    private Outbox outbox;

    @AfterEach
    void close() {
        deadAnswers.countDown();
        if (queues != null) {
            queues.close();
        }
        database.close();
    }

    @Test
    void aPeerThatHangs_doesNotSlowTheOthers() {
        start(Map.of(DEAD, ids -> hang()));

        post("e1", DEAD, BETA);
        Awaitility.await().atMost(WAIT).until(() -> inFlight(DEAD) == 1);
        for (int i = 2; i <= 30; i++) {
            post("e" + i, DEAD, BETA);
        }

        // beta got all 30 while dead.test still holds its very first request
        Awaitility.await().atMost(WAIT).until(() -> queued(BETA).isEmpty());
        assertThat(transport.requestsTo(BETA).stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(DeliveryQueueTest.ids("e", 30));
        assertThat(transport.requestsTo(DEAD)).containsExactly(List.of("e1"));
        assertThat(queued(DEAD)).hasSize(30);
    }

    @Test
    void aPeerNeverHasTwoRequestsInFlight_evenWhenEventsArriveFromManyThreads() throws Exception {
        CountDownLatch firstHeld = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        start(Map.of(BETA, ids -> {
            if (ids.contains("first")) {
                firstHeld.countDown();
                ScriptedTransport.holdUntil(releaseFirst);
            }
        }));
        post("first", BETA);
        assertThat(firstHeld.await(10, TimeUnit.SECONDS)).isTrue();

        // step 1: 40 events from 4 threads while beta holds the first request
        ExecutorService posters = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int thread = t;
            posters.submit(() -> {
                for (int i = 0; i < 10; i++) {
                    post("t" + thread + "-" + i, BETA);
                }
            });
        }
        posters.shutdown();
        assertThat(posters.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(transport.requestsTo(BETA)).as("nothing else sent while the first is in flight").hasSize(1);

        // step 2: beta answers; the 40 follow in one batch (the default allows 50), each event once
        releaseFirst.countDown();
        Awaitility.await().atMost(WAIT).until(() -> queued(BETA).isEmpty());
        List<String> sent = transport.requestsTo(BETA).stream().flatMap(List::stream).toList();
        assertThat(sent).hasSize(41).doesNotHaveDuplicates();
        assertThat(transport.requestsTo(BETA)).hasSize(2);
        assertThat(mostInFlight.get(BETA).get()).isEqualTo(1);
    }

    @Test
    void closing_interruptsAHungRequest_andItsRowsStayForTheNextStart() {
        start(Map.of(DEAD, ids -> hang()));
        post("e1", DEAD);
        Awaitility.await().atMost(WAIT).until(() -> inFlight(DEAD) == 1);

        queues.close();

        assertThat(inFlight(DEAD)).as("the request ended with the shutdown").isZero();
        assertThat(queued(DEAD)).containsExactly("e1");
        assertThat(queues.peers()).singleElement().satisfies(p -> assertThat(p.failures()).isZero());
    }

    /** Starts the queues on threads; each peer counts its requests in flight, beta accepts unless told otherwise. */
    private void start(Map<String, ScriptedTransport.Peer> peers) {
        Map<String, ScriptedTransport.Peer> all = new java.util.HashMap<>(peers);
        all.putIfAbsent(BETA, ScriptedTransport.UP);
        all.forEach((domain, peer) -> transport.set(domain, counting(domain, peer)));
        queues = DeliveryQueues.onThreads(database.jdbi(), transport, PeerProbe.NONE, DeliveryConfig.DEFAULTS, Clock.systemUTC(),
                DeliveryListener.NONE, () -> true);
        outbox = new Outbox(Clock.systemUTC(), () -> DeliveryFixture.OWN, queues);
    }

    private ScriptedTransport.Peer counting(String domain, ScriptedTransport.Peer peer) {
        AtomicInteger current = inFlight.computeIfAbsent(domain, d -> new AtomicInteger());
        AtomicInteger most = mostInFlight.computeIfAbsent(domain, d -> new AtomicInteger());
        return ids -> {
            most.accumulateAndGet(current.incrementAndGet(), Math::max);
            try {
                peer.answer(ids);
            } finally {
                current.decrementAndGet();
            }
        };
    }

    private List<String> queued(String domain) {
        return DeliveryFixture.queued(database.jdbi(), domain);
    }

    private void post(String id, String... domains) {
        database.jdbi().useTransaction(h -> {
            DeliveryFixture.storeEvent(h, id, System.currentTimeMillis());
            outbox.enqueue(h, id, List.of(domains));
        });
    }

    private int inFlight(String domain) {
        AtomicInteger n = inFlight.get(domain);
        return n == null ? 0 : n.get();
    }

    /** A peer that accepts the connection and never answers, until the test ends or the queues close. */
    private void hang() throws PeerCallException {
        ScriptedTransport.holdUntil(deadAnswers);
        throw new PeerCallException(PeerCallException.Kind.TRANSIENT, "no answer");
    }
}
