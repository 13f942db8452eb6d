package dev.fedchat.server.federation.transport;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets for server-to-server requests, one per key (the claimed domain, and the calling
 * address): a burst of {@code burst} requests, refilled at {@code perSecond}. A peer sending in
 * batches, as ours do, never comes near it; a peer that floods is answered 429 and, if it is a
 * fedchat server, backs off. Bounded: the least recently seen keys are forgotten first.
 *
 * <p>Thread-safe (synchronized; the work per call is a few arithmetic operations).
 */
public final class PeerRateLimiter {
    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final double perSecond;
    private final double burst;
    /** Guarded by {@code this}; access-ordered for eviction. */
    private final Map<String, double[]> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public PeerRateLimiter(Clock clock, double perSecond, int burst) {
        this.clock = clock;
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** 0 when a request under {@code key} may proceed now, else how many ms until it could. */
    public synchronized long take(String key) {
        long now = clock.millis();
        double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {burst, now});
        bucket[0] = Math.min(burst, bucket[0] + (now - bucket[1]) * perSecond / 1000.0);
        bucket[1] = now;
        if (bucket[0] >= 1) {
            bucket[0] -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - bucket[0]) * 1000.0 / perSecond);
    }
}
