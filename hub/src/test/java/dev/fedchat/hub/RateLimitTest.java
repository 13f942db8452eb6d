package dev.fedchat.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.fedchat.protocol.testing.TestKeys;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** At most one mail per domain per mail interval, and a limit per client address, both answered 429 with Retry-After. */
class RateLimitTest {
    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final String KEY = TestKeys.publicPem(TestKeys.generate());
    private static final String OTHER_KEY = TestKeys.publicPem(TestKeys.generate());

    @TempDir
    Path dataDir;

    @Test
    void theSameDataAgain_isNotMailedTwice_andOtherDataWaitsForTheMailInterval() {
        try (TestHub hub = TestHub.start(TestHub.config(dataDir), TestHub.smtp(greenMail.getSmtp().getPort()), TestHub.clock())) {
            assertThat(hub.register("alpha.example", "https://chat.alpha.example", KEY).statusCode()).isEqualTo(200);
            Mails.awaitMail(greenMail, 1);
            hub.clock.advance(Duration.ofMinutes(1));
            HttpResponse<String> repeat = hub.register("alpha.example", "https://chat.alpha.example", KEY);
            assertThat(repeat.statusCode()).isEqualTo(200);
            assertThat(repeat.body()).contains("a short while ago");

            HttpResponse<String> other = hub.register("alpha.example", "https://chat.alpha.example", OTHER_KEY);
            assertThat(other.statusCode()).isEqualTo(429);
            assertThat(TestHub.header(other, "Retry-After")).contains("240");
            assertThat(other.body()).contains("\"success\":false")
                    .contains("a confirmation mail for alpha.example was sent 60 s ago")
                    .contains("try again in 4 min");
            assertThat(greenMail.getReceivedMessages()).hasSize(1);

            hub.clock.advance(Duration.ofMinutes(4));
            assertThat(hub.register("alpha.example", "https://chat.alpha.example", OTHER_KEY).statusCode()).isEqualTo(200);
            Mails.awaitMail(greenMail, 2);
            // the first link still works: the webmaster chooses which data to confirm
            hub.clock.advance(Duration.ofMinutes(5));
            assertThat(hub.register("alpha.example", "https://chat.alpha.example", KEY).statusCode()).isEqualTo(200);
            Mails.awaitMail(greenMail, 3);
        }
    }

    @Test
    void oneAddress_isLimitedAcrossDomains_untilTheWindowMoves() {
        HubLimits limits = new HubLimits(Duration.ofHours(24), Duration.ofMinutes(5), HubLimits.PerAddress.perHour(3),
                TestHub.ROOMY.lookups());
        try (TestHub hub = TestHub.start(TestHub.config(dataDir).withLimits(limits), TestHub.smtp(greenMail.getSmtp().getPort()),
                TestHub.clock())) {
            for (int i = 1; i <= 3; i++) {
                assertThat(hub.register("d" + i + ".example", "https://d" + i + ".example", KEY).statusCode()).isEqualTo(200);
                hub.clock.advance(Duration.ofMinutes(10));
            }
            HttpResponse<String> fourth = hub.register("d4.example", "https://d4.example", KEY);
            assertThat(fourth.statusCode()).isEqualTo(429);
            assertThat(TestHub.header(fourth, "Retry-After")).contains(String.valueOf(Duration.ofMinutes(30).toSeconds()));
            assertThat(fourth.body()).contains("too many registrations from 127.0.0.1: at most 3 per 1 h");
            assertThat(hub.lookup("d4.example").statusCode()).isEqualTo(404);
            // even a malformed request counts: floods of garbage are limited too
            assertThat(hub.postJson("garbage").statusCode()).isEqualTo(429);
            assertThat(greenMail.getReceivedMessages()).hasSize(3);

            hub.clock.advance(Duration.ofMinutes(30));
            assertThat(hub.register("d4.example", "https://d4.example", KEY).statusCode()).isEqualTo(200);
            Mails.awaitMail(greenMail, 4);
        }
    }
}
