package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups are limited per client address on their own count: 429 with Retry-After past the limit,
 * normal answers again once the window moves, and registrations neither count nor are refused.
 * Every request here comes from 127.0.0.1; keying by address is in {@link AddressLimiterTest}.
 */
class LookupLimitTest {
    private static final String KEY = TestKeys.publicPem(TestKeys.generate());
    private static final HubLimits THREE_LOOKUPS_A_MINUTE = new HubLimits(TestHub.ROOMY.linkLifetime(),
            TestHub.ROOMY.mailInterval(), TestHub.ROOMY.registrations(), HubLimits.PerAddress.perMinute(3));

    @TempDir
    Path dataDir;

    @Test
    void lookupsPastTheLimit_get429WithRetryAfter_untilTheWindowMoves() {
        try (TestHub hub = startListing("alpha.example")) {
            // t = 0 s, 20 s, 40 s: three lookups, a miss among them, all answered
            assertThat(hub.lookup("alpha.example").body()).contains("\"url\":\"https://alpha.example\"");
            hub.clock.advance(Duration.ofSeconds(20));
            assertThat(hub.lookup("nobody.example").statusCode()).isEqualTo(404);
            hub.clock.advance(Duration.ofSeconds(20));
            assertThat(hub.lookup("alpha.example").statusCode()).isEqualTo(200);

            // the fourth, at 40 s, waits until the first leaves the minute at 60 s
            HttpResponse<String> fourth = hub.lookup("alpha.example");
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(TestHub.header(fourth, "Retry-After")).contains("20");
            assertThat(fourth.body()).contains("\"success\":false")
                    .contains("too many lookups from 127.0.0.1: at most 3 per 60 s; try again in 20 s");
            // malformed lookups are counted before they are read, so they are refused too
            assertThat(TestHub.get(hub.server.url() + "/api/v1/peers").statusCode()).isEqualTo(429);

            hub.clock.advance(Duration.ofSeconds(20));
            HttpResponse<String> again = hub.lookup("alpha.example");
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(again.body()).contains("\"domain\":\"alpha.example\"");
            assertThat(hub.lookup("alpha.example").statusCode()).as("the slot freed at 60 s is taken again").isEqualTo(429);
        }
    }

    @Test
    void registrationsAndLookups_countApart() {
        try (TestHub hub = startListing("alpha.example")) {
            for (int i = 0; i < 3; i++) {
                assertThat(hub.lookup("alpha.example").statusCode()).isEqualTo(200);
            }
            assertThat(hub.lookup("alpha.example").statusCode()).isEqualTo(429);
            // a limited lookup client may still register, and registering used no lookup
            assertThat(hub.register("beta.example", "https://beta.example", KEY).statusCode()).isEqualTo(200);
            assertThat(hub.register("gamma.example", "https://gamma.example", KEY).statusCode()).isEqualTo(200);
            hub.clock.advance(Duration.ofMinutes(1));
            for (int i = 0; i < 3; i++) {
                assertThat(hub.lookup("alpha.example").statusCode()).isEqualTo(200);
            }
        }
    }

    /** A hub allowing three lookups a minute, listing {@code domain} (registered and confirmed) at {@link TestHub#START}. */
    private TestHub startListing(String domain) {
        LogMailer mailer = new LogMailer();
        List<Mail> mails = new CopyOnWriteArrayList<>();
        mailer.addListener(mails::add);
        TestHub hub = TestHub.start(TestHub.config(dataDir).withLimits(THREE_LOOKUPS_A_MINUTE), mailer, TestHub.clock());
        assertThat(hub.register(domain, "https://" + domain, KEY).statusCode()).isEqualTo(200);
        assertThat(mails).hasSize(1);
        assertThat(hub.confirm(mails.get(0).link()).statusCode()).isEqualTo(200);
        return hub;
    }
}
