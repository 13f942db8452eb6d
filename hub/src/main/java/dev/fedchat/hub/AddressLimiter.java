package dev.fedchat.hub;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.protocol.net.ClientAddress;
import dev.fedchat.protocol.time.ClockTicker;
import java.time.Clock;
import java.time.Duration;

/**
 * At most {@code count} requests of one kind per client address in a sliding window; the hub
 * keeps one for registrations (so one address cannot mail many domains' webmasters or fill the
 * directory) and one for lookups (so one address cannot hammer the hub or walk a list of names
 * through it). Kept in memory: after a restart an address starts afresh, which costs at most one
 * more window's worth of requests.
 *
 * <p>Bounded (a Caffeine cache): past {@link #MAX_ADDRESSES} the addresses least worth keeping
 * are forgotten (Caffeine's policy: rarely and long ago seen first), and an address silent for a
 * whole window is dropped, its times having all left the window; each address keeps the times of its requests inside the window as primitive longs, so the
 * worst case is {@code MAX_ADDRESSES × count × 8} bytes (48 MB at 600 lookups a minute, reached
 * only by 10,000 addresses each at its limit).
 *
 * <p>Thread-safe (synchronized; each call touches one address's times).
 */
final class AddressLimiter {
    static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final HubLimits.PerAddress limit;
    /** What is counted, plural, for the refusal: "registrations", "lookups". */
    private final String requests;
    /** Per address, the times of its requests inside the window; the {@code Times} are guarded by {@code this}. */
    private final Cache<String, Times> seen;

    AddressLimiter(Clock clock, HubLimits.PerAddress limit, String requests) {
        this.clock = clock;
        this.limit = limit;
        this.requests = requests;
        this.seen = Caffeine.newBuilder().ticker(ClockTicker.of(clock)).executor(Runnable::run)
                .maximumSize(MAX_ADDRESSES).expireAfterAccess(limit.window()).build();
    }

    /**
     * Counts one request from {@code address}.
     *
     * @throws RateLimitedException when the address already made {@code count} requests in the window;
     *                              the refused request is not counted
     */
    synchronized void acquire(String address) {
        long now = clock.millis();
        long windowMillis = limit.window().toMillis();
        String client = ClientAddress.of(address);
        Times times = seen.get(client, a -> new Times());
        times.dropUpTo(now - windowMillis);
        if (times.size >= limit.count()) {
            Duration wait = Duration.ofMillis(times.oldest() + windowMillis - now);
            boolean repeated = times.refused;
            times.refused = true;
            throw new RateLimitedException("too many " + requests + " from " + client + ": at most " + limit.count()
                    + " per " + human(limit.window()) + "; try again in " + human(wait), wait, repeated);
        }
        times.refused = false;
        times.add(now, limit.count());
    }

    /** How many addresses are remembered now, for tests. */
    long tracked() {
        seen.cleanUp();
        return seen.estimatedSize();
    }

    static String human(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        return s >= 120 ? (s + 59) / 60 + " min" : s + " s";
    }

    /**
     * One address's request times, oldest first, in a ring that grows by doubling up to the
     * limit's count, so an address seen once costs a few bytes, not a whole window's worth.
     */
    private static final class Times {
        private long[] ring = new long[4];
        private int head;
        private int size;
        /** Refused since the last accepted request. */
        private boolean refused;

        void dropUpTo(long cutoff) {
            while (size > 0 && ring[head] <= cutoff) {
                head = (head + 1) % ring.length;
                size--;
            }
        }

        long oldest() {
            return ring[head];
        }

        /** Only called with {@code size < max}, so the ring never grows past {@code max}. */
        void add(long time, int max) {
            if (size == ring.length) {
                long[] bigger = new long[Math.min(max, ring.length * 2)];
                for (int i = 0; i < size; i++) {
                    bigger[i] = ring[(head + i) % ring.length];
                }
                ring = bigger;
                head = 0;
            }
            ring[(head + size) % ring.length] = time;
            size++;
        }
    }
}
