package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.federation.delivery.ScriptedTransport.DOWN;
import static dev.fedchat.server.federation.delivery.ScriptedTransport.UP;
import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.testing.ApiResponse;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery state as an admin and a Prometheus scraper see it, on a real server whose peers are a
 * {@link ScriptedTransport}: beta takes everything, gamma is down, delta refuses one event.
 */
class DeliveryApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BETA = "beta.test";
    private static final String GAMMA = "gamma.test";
    private static final String DELTA = "delta.test";
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)} (\\S+)$");

    private final ManualClock clock = new ManualClock(DeliveryFixture.T0);
    private final ScriptedTransport transport = new ScriptedTransport()
            .set(GAMMA, DOWN).set(DELTA, ScriptedTransport.refusing(Set.of("e2")));
    private final DatabaseConfig db = DatabaseConfig.inMemory("delivery-api-" + UUID.randomUUID());
    private TestServer server;
    /** The test's own connection to the server's database, to store events as the event store does. */
    private Database side;

    @BeforeEach
    void start() {
        server = TestServer.start(c -> DeliveryFixture.federating(c, db), clock, transport);
        side = Database.open(db);
        post("e1", BETA, GAMMA, DELTA);
        post("e2", BETA, GAMMA, DELTA);
        awaitPeer(BETA, p -> p.pending() == 0);
        awaitPeer(DELTA, p -> p.pending() == 0);
        awaitPeer(GAMMA, p -> p.failures() >= 1);
    }

    @AfterEach
    void stop() {
        server.close();
        side.close();
    }

    @Test
    void theDeliveriesEndpoint_showsEachPeersState() {
        server.server().deliveries().countReceived(BETA, 3);

        JsonNode peers = server.admin().get("/api/v1/federation.deliveries").expectOk().path("peers");

        assertThat(peers.findValuesAsText("domain")).containsExactly(BETA, DELTA, GAMMA);
        JsonNode beta = peers.path(0);
        assertThat(beta.path("pending").asLong()).isZero();
        assertThat(beta.path("failures").asInt()).isZero();
        assertThat(beta.path("lastSuccessAt").asText()).isEqualTo("2026-11-27T08:00:00.000Z");
        assertThat(beta.path("lastError").isNull()).isTrue();
        assertThat(beta.path("nextAttemptAt").isNull()).isTrue();
        assertThat(beta.path("eventsOut").asLong()).isEqualTo(2);
        assertThat(beta.path("eventsIn").asLong()).isEqualTo(3);
        JsonNode delta = peers.path(1);
        assertThat(delta.path("eventsOut").asLong()).isEqualTo(1);
        assertThat(delta.path("eventsRejected").asLong()).isEqualTo(1);
        assertThat(delta.path("lastError").asText()).contains("e2").contains("unknown event type");
        JsonNode gamma = peers.path(2);
        assertThat(gamma.path("pending").asLong()).isEqualTo(2);
        assertThat(gamma.path("failures").asInt()).isPositive();
        assertThat(gamma.path("lastError").asText()).contains("connection refused");
        assertThat(gamma.path("lastErrorAt").asText()).isEqualTo("2026-11-27T08:00:00.000Z");
        assertThat(gamma.path("lastSuccessAt").isNull()).isTrue();
        // the retry timer runs in real time while the test's clock stands still: on a slow machine it may
        // have fired once more before this request; the wait is then the next step of the backoff
        int failures = gamma.path("failures").asInt();
        long step = 2000L << Math.min(failures - 1, 10);
        assertThat(Instant.parse(gamma.path("nextAttemptAt").asText()))
                .as("retry %d, shortened by the jitter", failures)
                .isBetween(DeliveryFixture.T0.plusMillis(step * 8 / 10), DeliveryFixture.T0.plusMillis(step));
    }

    @Test
    void eachPeersHealth_isHealthyFailingOrIdle() {
        // a peer that only wrote to us: nothing was ever sent to it
        server.server().deliveries().countReceived("epsilon.test", 2);
        // a peer that refused the one event it got: it answered, so it is no idle peer
        transport.set("zeta.test", ScriptedTransport.refusing(Set.of("e3")));
        post("e3", "zeta.test");
        awaitPeer("zeta.test", p -> p.pending() == 0 && p.eventsRejected() == 1);

        JsonNode peers = server.admin().get("/api/v1/federation.deliveries").expectOk().path("peers");

        Map<String, String> health = new LinkedHashMap<>();
        peers.forEach(p -> health.put(p.path("domain").asText(), p.path("health").asText()));
        assertThat(health).containsExactly(Map.entry(BETA, "healthy"), Map.entry(DELTA, "healthy"),
                Map.entry("epsilon.test", "idle"), Map.entry(GAMMA, "failing"), Map.entry("zeta.test", "healthy"));
    }

    @Test
    void aFailingPeerRetriedSuccessfully_isHealthyAgain() {
        transport.set(GAMMA, UP);

        server.admin().post("/api/v1/federation.deliveries.retry", obj("domain", GAMMA)).expectOk();

        awaitPeer(GAMMA, p -> p.pending() == 0);
        JsonNode gamma = server.admin().get("/api/v1/federation.deliveries").expectOk().path("peers").path(2);
        assertThat(gamma.path("domain").asText()).isEqualTo(GAMMA);
        assertThat(gamma.path("health").asText()).isEqualTo("healthy");
    }

    @Test
    void theDeliveriesEndpoints_areForAdminsOnly() {
        server.client().get("/api/v1/federation.deliveries").expectError(401);
        server.newUser("bob").get("/api/v1/federation.deliveries").expectError(403);
        server.newUser("carol").post("/api/v1/federation.deliveries.retry", obj("domain", GAMMA)).expectError(403);
    }

    @Test
    void retry_sendsThePeersQueue_andRefusesADomainThatIsNoPeer() {
        transport.set(GAMMA, UP);

        server.admin().post("/api/v1/federation.deliveries.retry", obj("domain", GAMMA)).expectOk();

        awaitPeer(GAMMA, p -> p.pending() == 0 && p.failures() == 0);
        assertThat(transport.requestsTo(GAMMA)).last().isEqualTo(List.of("e1", "e2"));
        assertThat(server.admin().post("/api/v1/federation.deliveries.retry", obj("domain", "nobody.test"))
                .expectErrorType("invalid-params").path("error").asText()).contains("nobody.test");
        server.admin().post("/api/v1/federation.deliveries.retry", obj()).expectErrorType("invalid-params");
    }

    @Test
    void metrics_showEachPeersSeries_toAScraperWithoutLogin() {
        clock.advance(Duration.ofSeconds(90));

        ApiResponse response = server.client().get("/metrics");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        Map<String, String> samples = samples(response.text());
        assertThat(samples).containsEntry("fedchat_federation_pending_events{domain=beta.test}", "0.0")
                .containsEntry("fedchat_federation_pending_events{domain=gamma.test}", "2.0")
                .containsEntry("fedchat_federation_delivered_events_total{domain=beta.test}", "2.0")
                .containsEntry("fedchat_federation_delivered_events_total{domain=delta.test}", "1.0")
                .containsEntry("fedchat_federation_rejected_events_total{domain=delta.test}", "1.0")
                .containsEntry("fedchat_federation_rejected_events_total{domain=beta.test}", "0.0")
                .containsEntry("fedchat_federation_consecutive_failures{domain=beta.test}", "0.0")
                .containsEntry("fedchat_federation_since_last_success_seconds{domain=beta.test}", "90.0")
                .containsEntry("fedchat_federation_since_last_success_seconds{domain=gamma.test}", "NaN")
                .containsEntry("fedchat_federation_failed_attempts_total{domain=beta.test,kind=transient}", "0.0");
        assertThat(Double.parseDouble(samples.get("fedchat_federation_consecutive_failures{domain=gamma.test}"))).isPositive();
        assertThat(Double.parseDouble(samples.get("fedchat_federation_failed_attempts_total{domain=gamma.test,kind=transient}"))).isPositive();
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
    }

    @Test
    void theEventsAPeerRefused_areListed_andSentAgainOnceItIsFixed() {
        JsonNode refused = server.admin().get("/api/v1/federation.deliveries.rejected?domain=" + DELTA).expectOk();
        assertThat(refused.path("events").findValuesAsText("eventId")).containsExactly("e2");
        assertThat(refused.path("events").path(0).path("reason").asText()).contains("unknown event type");
        assertThat(server.client().get("/api/v1/federation.deliveries.rejected?domain=" + DELTA).status()).isEqualTo(401);
        assertThat(server.admin().get("/api/v1/federation.deliveries.rejected").expectErrorType("invalid-params")
                .path("error").asText()).contains("domain");

        transport.set(DELTA, UP); // delta was fixed
        JsonNode resent = server.admin().post("/api/v1/federation.deliveries.resend", obj("domain", DELTA)).expectOk();

        assertThat(resent.path("requeued").asInt()).isEqualTo(1);
        awaitPeer(DELTA, p -> p.pending() == 0 && p.eventsOut() == 2);
        assertThat(transport.requestsTo(DELTA)).last().isEqualTo(List.of("e2"));
        assertThat(server.admin().get("/api/v1/federation.deliveries.rejected?domain=" + DELTA).expectOk()
                .path("events").size()).isZero();
        // nothing refused any more: sending again queues nothing
        assertThat(server.admin().post("/api/v1/federation.deliveries.resend", obj("domain", DELTA)).expectOk()
                .path("requeued").asInt()).isZero();
    }

    private void post(String id, String... domains) {
        side.jdbi().useTransaction(h -> {
            DeliveryFixture.storeEvent(h, id, clock.millis());
            server.server().outbox().enqueue(h, id, List.of(domains));
        });
    }

    private void awaitPeer(String domain, Predicate<PeerDelivery> condition) {
        Awaitility.await().atMost(WAIT).until(() -> server.server().deliveries().peers().stream()
                .anyMatch(p -> p.domain().equals(domain) && condition.test(p)));
    }

    /** Each sample of the text format as {@code name{label=value,...}} (labels as written, quotes dropped) to its value. */
    static Map<String, String> samples(String text) {
        Map<String, String> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (m.matches()) {
                samples.put(m.group(1) + "{" + m.group(2).replace("\"", "") + "}", m.group(3));
            }
        }
        return samples;
    }
}
