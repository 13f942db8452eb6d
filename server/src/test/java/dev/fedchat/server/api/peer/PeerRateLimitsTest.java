package dev.fedchat.server.api.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.FederationBody;
import dev.fedchat.protocol.crypto.PayloadCipher;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.federation.transport.FederationClient;
import dev.fedchat.server.federation.transport.PeerCallException;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.ManualClock;
import dev.fedchat.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The peer limits charge the party known to be calling (issue 12 §6): bodies that do not open
 * under a real peer's name spend the sender's address budget, never that peer's; a peer whose
 * requests prove themselves is still limited. Time stands still ({@link ManualClock}), so the
 * buckets do not refill while the test counts.
 */
class PeerRateLimitsTest {
    /** FedchatServer's per-domain burst: 200 requests, then 50 a second. */
    private static final int DOMAIN_BURST = 200;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void junkUnderARealPeersName_leavesThatPeersBudget_andAProvenFloodIsStillLimited() throws Exception {
        ManualClock clock = new ManualClock(Instant.now());
        try (FederatedServers servers = FederatedServers.start(clock, UnaryOperator.identity(), "alpha.test", "beta.test")) {
            TestServer alpha = servers.server("alpha.test");
            FederationClient beta = servers.server("beta.test").server().federationClient();

            // step 1: a stranger posts 150 bodies claiming beta.test that do not open with beta's key
            KeyPair stranger = TestKeys.generate();
            String junk = new FederationBody(new PayloadCipher(CryptoProvider.jdk()), new ObjectMapper())
                    .seal("{\"events\":[]}", alpha.server().keys().publicKey(), stranger.getPrivate());
            for (int i = 0; i < 150; i++) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(alpha.url() + "/api/v1/federation.events.dispatch"))
                        .header("x-federation-domain", "beta.test").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(junk)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
                assertThat(r.body()).contains("Could not decrypt payload");
            }

            // step 2: beta's own requests get its whole burst: the junk spent none of it
            for (int i = 0; i < DOMAIN_BURST; i++) {
                beta.post("alpha.test", "federation.events.dispatch", "{\"events\":[]}");
            }

            // step 3: one more proven request is over beta's budget, and the refusal says whose
            assertThatThrownBy(() -> beta.post("alpha.test", "federation.events.dispatch", "{\"events\":[]}"))
                    .isInstanceOfSatisfying(PeerCallException.class, e -> {
                        assertThat(e.kind()).isEqualTo(PeerCallException.Kind.TRANSIENT);
                        assertThat(e.getMessage()).contains("HTTP 429", "Too many federation requests from beta.test");
                    });
        }
    }
}
