package dev.fedchat.server.federation.delivery;

import java.time.Duration;

/**
 * The wait before the next attempt after {@code n} consecutive failures: {@code firstRetry}
 * doubled for each failure after the first, capped at {@code maxRetry}, then shortened by a
 * random fraction of up to {@code jitter} (STYLE.md §3.12). The cap holds after the jitter too,
 * so no wait exceeds {@code maxRetry}; and a jitter that only shortens keeps the first retry
 * "within {@code firstRetry}". Pure: the randomness comes in as an argument.
 */
final class Backoff {
    private final long firstMillis;
    private final long maxMillis;
    private final double jitter;

    Backoff(DeliveryConfig config) {
        this(config.firstRetry(), config.maxRetry(), config.jitter());
    }

    Backoff(Duration first, Duration max, double jitter) {
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
    }

    /**
     * @param failures consecutive failures so far, at least 1
     * @param random   uniform in [0, 1): 0 waits the full exponential step, values near 1 the shortest
     */
    Duration delayAfter(int failures, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("a backoff follows at least one failure, got " + failures);
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random must be in [0, 1), got " + random);
        }
        // double arithmetic: 2^(failures-1) overflows a long after 63 failures, a double saturates to the cap
        double step = Math.min((double) maxMillis, firstMillis * Math.pow(2, failures - 1));
        return Duration.ofMillis(Math.round(step * (1 - jitter * random)));
    }
}
