package dev.fedchat.server.federation.transport;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.protocol.time.ClockTicker;
import dev.fedchat.server.error.RcException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nonces of the {@link RequestProof}s accepted lately, per sender, so that a proof is accepted
 * once. A proof is fresh while its time is within {@link RequestProof#MAX_SKEW_MILLIS} of ours,
 * so it can be presented at most that long after its time, which is itself at most that long
 * before we first saw it: a nonce is kept {@link #KEPT} (twice the skew) after it was accepted,
 * and a replay after that is stale.
 *
 * <p>Bounded without opening a replay hole: nothing is dropped before its time. When
 * {@link #MAX_NONCES} are held (some 333 proven requests a second, sustained for ten minutes,
 * against fedchat senders' one request in flight per peer), a new proof is refused with 503
 * instead, which a fedchat sender retries later; forgetting a nonce early would let its request be
 * replayed. Only senders holding at least their share are refused then, so a few busy (or hostile)
 * senders cannot shut out every other peer. About 180 bytes each (measured, key and Caffeine node), so at most some 36 MB.
 *
 * <p>Thread-safe (Caffeine's own concurrency; {@link #accept} is atomic per nonce).
 */
public final class SeenNonces {
    static final int MAX_NONCES = 200_000;
    static final Duration KEPT = Duration.ofMillis(2 * RequestProof.MAX_SKEW_MILLIS);

    private final Cache<String, Boolean> seen;
    /** Nonces held per sender, kept with {@link #seen} by its removal listener; a sender without any has no entry. */
    private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();
    private final int max;

    public SeenNonces(Clock clock) {
        this(clock, MAX_NONCES);
    }

    SeenNonces(Clock clock, int max) {
        this.max = max;
        this.seen = Caffeine.newBuilder().ticker(ClockTicker.of(clock)).executor(Runnable::run)
                .expireAfterWrite(KEPT).<String, Boolean>removalListener((key, value, cause) -> {
                    if (key != null) {
                        forgetOne(key.substring(0, key.indexOf(' ')));
                    }
                }).build();
    }

    /** True when {@code domain} already used {@code nonce} in a proof we accepted. */
    public boolean seen(String domain, String nonce) {
        return seen.getIfPresent(key(domain, nonce)) != null;
    }

    /**
     * Remembers {@code nonce} of {@code domain}; false when it was remembered already (the same
     * proof arrived twice at once: one of them is the replay).
     *
     * @throws RcException 503 when {@link #MAX_NONCES} are held and none has expired
     */
    public boolean accept(String domain, String nonce) {
        if (seen.estimatedSize() >= max) {
            seen.cleanUp();
            // full: the senders holding at least their share wait; one sending little is still heard, so a
            // few senders (or one with many domains) cannot shut every other peer out (at most twice the
            // bound is held, then)
            int share = Math.max(1, max / Math.max(1, held.size()));
            if (seen.estimatedSize() >= max && count(domain) >= share) {
                throw new RcException(503, null, "This server is checking as many signed federation requests as it can"
                        + " remember against replay (" + max + " in " + KEPT.toMinutes() + " minutes), " + count(domain)
                        + " of them from " + domain + "; try again shortly");
            }
        }
        boolean fresh = seen.asMap().putIfAbsent(key(domain, nonce), Boolean.TRUE) == null;
        if (fresh) {
            held.computeIfAbsent(domain, d -> new AtomicInteger()).incrementAndGet();
        }
        return fresh;
    }

    private int count(String domain) {
        AtomicInteger n = held.get(domain);
        return n == null ? 0 : n.get();
    }

    private void forgetOne(String domain) {
        held.computeIfPresent(domain, (d, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private static String key(String domain, String nonce) {
        return domain + " " + nonce;
    }
}
