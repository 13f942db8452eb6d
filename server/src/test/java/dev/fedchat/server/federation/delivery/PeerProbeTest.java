package dev.fedchat.server.federation.delivery;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.StandInPeer;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two real servers through real DNS: with an hour's backoff, a peer that comes back is sent its
 * backlog because the probe ({@link HttpPeerProbe}, {@code GET /api/info}) finds it answering,
 * not because it said anything to us; and what the probe counts as answering.
 */
class PeerProbeTest {
    private static final String ALPHA = "alpha.test";
    private static final String BETA = "beta.test";
    /** Every wait an hour: only a probe (or the peer's own word) can end it within the test. */
    private static final DeliveryConfig HOUR_LONG_BACKOFF = DeliveryConfig.DEFAULTS
            .withRetries(Duration.ofHours(1), Duration.ofHours(1), 0);

    private FederatedServers servers;

    @BeforeEach
    void start() {
        servers = FederatedServers.start(c -> c.withDelivery(HOUR_LONG_BACKOFF), ALPHA, BETA);
    }

    @AfterEach
    void stop() {
        servers.close();
    }

    @Test
    void aPeerThatComesBack_getsItsBacklogLongBeforeItsBackoffEnds_withoutAWordFromIt() {
        ApiClient alice = servers.server(ALPHA).newUser("alice");
        servers.server(BETA).newUser("bob");
        String roomId = servers.openDirect(alice, "bob@" + BETA);
        TestServer beta = servers.server(BETA);
        beta.stop();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "while beta is down " + i))
                    .expectOk().path("message").path("_id").asText());
        }
        Awaitility.await("alpha backs off for an hour").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> delivery().failures() > 0);

        beta.restart(); // nobody on beta writes: beta sends alpha nothing

        Awaitility.await("the 20 messages on beta").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> sent.stream().allMatch(id -> beta.server().messages().byId(id).isPresent()));
        // alpha deletes the rows once beta's answer arrives, just after beta stored them
        Awaitility.await("alpha's queue for beta empty").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> delivery().pending() == 0);
        assertThat(delivery().failures()).isZero();
    }

    @Test
    void theProbeCountsAsAnsweringOnlyAServerThatAnswersApiInfo() {
        HttpPeerProbe probe = new HttpPeerProbe(servers.server(ALPHA).server().peers(), Duration.ofSeconds(2));
        try (StandInPeer notAServer = new StandInPeer()) {
            servers.publish("gamma.test", notAServer); // found in DNS, answers 404 to GET /api/info

            assertThat(probe.answers(BETA)).isTrue();
            assertThat(probe.answers("gamma.test")).isFalse();
            assertThat(probe.answers("nowhere.test")).as("not in DNS").isFalse();
            servers.server(BETA).stop();
            assertThat(probe.answers(BETA)).as("found, its port refuses").isFalse();
        }
    }

    private PeerDelivery delivery() {
        return servers.server(ALPHA).server().deliveries().peers().stream().filter(p -> p.domain().equals(BETA))
                .findFirst().orElseThrow();
    }
}
