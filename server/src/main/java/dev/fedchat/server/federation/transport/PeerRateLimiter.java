package dev.fedchat.server.federation.transport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.protocol.time.ClockTicker;
import java.time.Clock;
import java.time.Duration;

/**
 * Token buckets for server-to-server requests, one per key (a proven domain, or a calling
 * address): a burst of {@code burst} requests, refilled at {@code perSecond}. A peer sending in
 * batches, as ours do, never comes near it; a peer that floods is answered 429 and, if it is a
 * fedchat server, backs off.
 *
 * <p>Bounded (a Caffeine cache): at most {@link #MAX_KEYS} buckets, and a bucket untouched for as
 * long as it takes to refill is dropped — forgetting a full bucket changes nothing.
 *
 * <p>Thread-safe: each bucket is updated under its own lock (a few arithmetic operations).
 */
public final class PeerRateLimiter {
    static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final double perSecond;
    private final double burst;
    private final Cache<String, Bucket> buckets;

    public PeerRateLimiter(Clock clock, double perSecond, int burst) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
        this.buckets = Caffeine.newBuilder().ticker(ClockTicker.of(clock)).executor(Runnable::run)
                .maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMillis((long) Math.ceil(burst * 1000.0 / perSecond)))
                .build();
    }

    /** 0 when a request under {@code key} may proceed now, else how many ms until it could. */
    public long take(String key) {
        long now = clock.millis();
        Bucket bucket = buckets.get(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * perSecond / 1000.0);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) * 1000.0 / perSecond);
        }
    }

    /** One key's tokens as of {@code at}; guarded by its own monitor. */
    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }
}
