package dev.fedchat.server.webui;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.federation.delivery.PeerDelivery;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.StandInPeer;
import dev.fedchat.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The peers dashboard of the admin console for a peer that refuses what alpha sends: delta.test
 * is a {@link StandInPeer} in real DNS that answers every {@code federation.events.dispatch} with
 * a 400 and its reason, so alpha sets the events aside as refused. The admin sees them with
 * delta's reason, then, once delta is fixed, sends them again and sees them delivered.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RefusedEventsInBrowserTest {
    private static final String DELTA = "delta.test";
    private static final String REASON = "this server takes no direct messages yet";

    private static FederatedServers servers;
    private static StandInPeer delta;
    private static TestServer alpha;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    @BeforeAll
    static void start() {
        servers = FederatedServers.start("alpha.test");
        delta = new StandInPeer();
        servers.publish(DELTA, delta);
        alpha = servers.server("alpha.test");
        alpha.newUser("alice");
        delta.answer("federation.users.getByUsername", 200, StandInPeer.userAnswer("danId00000000001", "dan@delta.test", "Dan", DELTA));
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
        if (delta != null) {
            delta.close();
        }
    }

    @Test
    void theEventsAPeerRefused_areShownWithItsReason_andSentAgainOnceItIsFixed() {
        // alice writes to dan of delta: delta refuses the DM's events, one by one once the batch was refused
        delta.answer("federation.events.dispatch", 400, "{\"success\":false,\"error\":\"" + REASON + "\"}");
        ApiClient alice = alpha.client().login("alice", "alice-pass");
        String roomId = alice.post("/api/v1/im.create", obj("username", "dan@delta.test")).expectOk().path("room").path("_id").asText();
        alice.post("/api/v1/chat.postMessage", obj("roomId", roomId, "text", "hello dan")).expectOk();
        long refused = awaitDelta(p -> p.pending() == 0 && p.eventsRejected() > 0).eventsRejected();

        Browser browser = browsers.start("admin");
        new ChatPage(browser).logIn(alpha.url(), TestServer.ADMIN, TestServer.ADMIN_PASSWORD);
        AdminConsolePage console = AdminConsolePage.open(browser);

        AdminConsolePage.Peer shown = console.awaitPeer(DELTA, "with refused events", p -> !p.refused().equals("0"));
        assertThat(shown.refused()).isEqualTo(String.valueOf(refused));
        assertThat(shown.health()).as("delta answered, if only to refuse").isEqualTo("healthy");
        assertThat(shown.pending()).isEqualTo("0");
        assertThat(shown.eventsOut()).isEqualTo("0");
        assertThat(shown.lastError()).contains("refused").contains(REASON);
        List<String> events = console.showRefused(DELTA);
        assertThat(events).hasSize(1 + (int) refused);
        assertThat(events.subList(1, events.size())).allSatisfy(line -> assertThat(line).contains("HTTP 400").endsWith(REASON));

        // delta was fixed: it takes events now
        delta.answer("federation.events.dispatch", 200, "{\"success\":true}");
        int dispatchesBefore = dispatches();
        assertThat(console.resendRefused(DELTA)).isEqualTo(refused + " refused events sent to " + DELTA + " again.");

        // delivered: nothing pending, every event out; the refused column counts what delta ever refused
        AdminConsolePage.Peer delivered = console.awaitPeer(DELTA, "with every event out", p -> p.eventsOut().equals(String.valueOf(refused)));
        assertThat(delivered.pending()).isEqualTo("0");
        assertThat(delivered.health()).isEqualTo("healthy");
        assertThat(dispatches()).isGreaterThan(dispatchesBefore);
        assertThat(console.showRefused(DELTA)).containsExactly("Events " + DELTA + " refused",
                "None waits: what it refused was sent again.");
        assertThat(console.resendRefused(DELTA)).isEqualTo("Nothing to send to " + DELTA + " again: no refused event waits.");
    }

    private static int dispatches() {
        return (int) delta.requests().stream().filter(r -> r.path().endsWith("/federation.events.dispatch")).count();
    }

    private static PeerDelivery awaitDelta(Predicate<PeerDelivery> condition) {
        return Awaitility.await("delta's deliveries").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> alpha.server().deliveries().peers().stream().filter(p -> p.domain().equals(DELTA)).findFirst()
                        .filter(condition).orElse(null), p -> p != null);
    }
}
