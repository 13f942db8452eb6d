package dev.fedchat.server.federation.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.ManualClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerRateLimiterTest {

    @Test
    void aBurstThenTheRefillRate() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
        PeerRateLimiter limiter = new PeerRateLimiter(clock, 10, 3);
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isEqualTo(100);
        assertThat(limiter.take("b")).as("another key has its own bucket").isZero();
        clock.advance(Duration.ofMillis(100));
        assertThat(limiter.take("a")).isZero();
        assertThat(limiter.take("a")).isPositive();
    }

    @Test
    void anUnprovenFloodIsAnswered429WithRetryAfter_chargedToItsAddressNotToTheDomainItNames() throws Exception {
        try (FederatedServers servers = FederatedServers.start("alpha.test")) {
            HttpClient http = HttpClient.newHttpClient();
            String url = servers.server("alpha.test").url() + "/api/v1/federation.users.getByUsername?username=nobody";
            HttpResponse<String> last = null;
            for (int i = 0; i < 2000; i++) {
                last = http.send(HttpRequest.newBuilder(URI.create(url)).header("x-federation-domain", "flood.test").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (last.statusCode() == 429) {
                    break;
                }
            }
            assertThat(last.statusCode()).isEqualTo(429);
            assertThat(last.headers().firstValue("Retry-After")).isPresent();
            // nothing proves these requests come from flood.test: their address pays, not that domain
            assertThat(last.body()).contains("Too many federation requests from the address ").doesNotContain("flood.test");
        }
    }
}
