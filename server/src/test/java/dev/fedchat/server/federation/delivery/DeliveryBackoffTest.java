package dev.fedchat.server.federation.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.server.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The backoff as a table: no clock, no queue (STYLE.md §3.12). */
class DeliveryBackoffTest {
    private static final DeliveryConfig CONFIG = DeliveryConfig.DEFAULTS
            .withRetries(Duration.ofSeconds(2), Duration.ofMinutes(1), 0.2);

    @Test
    void theWaitDoublesFromTheFirstRetry_upToTheCap() {
        Backoff backoff = new Backoff(CONFIG);

        List<Long> seconds = IntStream.rangeClosed(1, 8).mapToObj(n -> backoff.delayAfter(n, 0).toSeconds()).toList();

        assertThat(seconds).containsExactly(2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(backoff.delayAfter(10_000, 0)).as("no overflow after many failures").isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitterOnlyShortensTheWait_byAtMostItsFraction_soTheCapHolds() {
        Backoff backoff = new Backoff(CONFIG);
        for (int n = 1; n <= 12; n++) {
            long full = backoff.delayAfter(n, 0).toMillis();
            for (double random : new double[] {0.0, 0.25, 0.5, 0.75, 0.999_999}) {
                long jittered = backoff.delayAfter(n, random).toMillis();
                assertThat(jittered).as("failure %d, random %s", n, random).isBetween(Math.round(full * 0.8), full);
            }
        }
        assertThat(backoff.delayAfter(1, 0.5)).isEqualTo(Duration.ofMillis(1800));
        assertThat(backoff.delayAfter(30, 0.999_999).toMillis()).isGreaterThanOrEqualTo(48_000);
    }

    @Test
    void theDefaults_retryWithinSeconds_andWaitAtMostAnHour() {
        Backoff backoff = new Backoff(DeliveryConfig.DEFAULTS);

        assertThat(backoff.delayAfter(1, 0)).isLessThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(50, 0)).isEqualTo(Duration.ofHours(1));
        assertThat(DeliveryConfig.DEFAULTS.batchSize()).isEqualTo(50);
    }

    @Test
    void aBadConfig_isRefusedWhenBuilt_namingTheValue() {
        assertThatThrownBy(() -> CONFIG.withBatchSize(0)).isInstanceOf(ConfigException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> CONFIG.withRetries(Duration.ofMinutes(5), Duration.ofMinutes(1), 0.2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max retry");
        assertThatThrownBy(() -> CONFIG.withRetries(Duration.ZERO, Duration.ofMinutes(1), 0.2))
                .isInstanceOf(ConfigException.class).hasMessageContaining("first retry");
        assertThatThrownBy(() -> CONFIG.withRetries(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.0))
                .isInstanceOf(ConfigException.class).hasMessageContaining("jitter");
    }
}
