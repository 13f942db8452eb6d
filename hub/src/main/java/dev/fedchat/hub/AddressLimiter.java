package dev.fedchat.hub;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * At most {@code limit} registration requests per client address in a sliding window, so one
 * address cannot mail many domains' webmasters or fill the directory. Kept in memory: after a
 * restart an address starts afresh, which costs at most one more window's worth of requests.
 * Bounded: the least recently seen addresses are forgotten first.
 *
 * <p>Thread-safe (synchronized; each call touches one short deque).
 */
final class AddressLimiter {
    static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final int limit;
    private final long windowMillis;
    /** Guarded by {@code this}: per address, the times of its requests inside the window, oldest first. */
    private final Map<String, Deque<Long>> seen = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    AddressLimiter(Clock clock, int limit, Duration window) {
        this.clock = clock;
        this.limit = limit;
        this.windowMillis = window.toMillis();
    }

    /**
     * Counts one request from {@code address}.
     *
     * @throws RateLimitedException when the address already made {@code limit} requests in the window
     */
    synchronized void acquire(String address) {
        long now = clock.millis();
        Deque<Long> times = seen.computeIfAbsent(address, a -> new ArrayDeque<>());
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.pollFirst();
        }
        if (times.size() >= limit) {
            Duration wait = Duration.ofMillis(times.peekFirst() + windowMillis - now);
            throw new RateLimitedException("too many registrations from " + address + ": at most " + limit + " per "
                    + human(Duration.ofMillis(windowMillis)) + "; try again in " + human(wait), wait);
        }
        times.addLast(now);
    }

    static String human(Duration d) {
        long s = Math.max(1, (d.toMillis() + 999) / 1000);
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        return s >= 120 ? (s + 59) / 60 + " min" : s + " s";
    }
}
