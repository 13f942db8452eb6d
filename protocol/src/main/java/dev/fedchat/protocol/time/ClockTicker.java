package dev.fedchat.protocol.time;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * A Caffeine {@link Ticker} read from a {@link Clock}, so a cache's expiry runs on the same time
 * as the rest of its owner: the system clock in production, a test's manual clock in tests, where
 * moving the clock expires entries without sleeping. Millisecond resolution, which every expiry
 * here (seconds to hours) is far above.
 */
public final class ClockTicker implements Ticker {
    private final Clock clock;

    private ClockTicker(Clock clock) {
        this.clock = clock;
    }

    public static Ticker of(Clock clock) {
        return new ClockTicker(clock);
    }

    @Override
    public long read() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }
}
