package dev.fedchat.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fedchat.protocol.time.ClockTicker;
import dev.fedchat.server.error.RcException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts failed logins per user and per client address in a sliding window and refuses further
 * attempts with 429 once either reaches its limit. The address limit is higher: many people may
 * share one address (a NAT, a bot host), while one account being guessed is what this stops. Successful logins are not counted, so a busy
 * client that logs in correctly is never throttled; guessing passwords is.
 *
 * <p>Bounded (a Caffeine cache): at most {@link #MAX_KEYS} keys are tracked, and a key untouched
 * for a whole window is dropped — all its failures have left the window by then. Thread-safe
 * (synchronised; the critical sections are tiny).
 */
public final class LoginRateLimiter {
    static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final int maxPerUser;
    private final int maxPerAddress;
    private final long windowMillis;
    /** The deques are guarded by {@code this}; the cache itself is thread-safe. */
    private final Cache<String, Deque<Long>> failures;

    public LoginRateLimiter(Clock clock, int maxPerUser, int maxPerAddress, long windowMillis) {
        this.clock = clock;
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.windowMillis = windowMillis;
        this.failures = Caffeine.newBuilder().ticker(ClockTicker.of(clock)).executor(Runnable::run)
                .maximumSize(MAX_KEYS).expireAfterAccess(Duration.ofMillis(windowMillis)).build();
    }

    /** Throws 429 when the address or (if given) the user has used up its failures in the window. */
    public synchronized void check(String address, String user) {
        long now = clock.millis();
        checkKey("ip:" + address, maxPerAddress, now);
        if (user != null) {
            checkKey("user:" + user, maxPerUser, now);
        }
    }

    private void checkKey(String key, int max, long now) {
        Deque<Long> times = failures.getIfPresent(key);
        if (times == null) {
            return;
        }
        prune(times, now);
        if (times.size() >= max) {
            throw RcException.tooManyRequests(times.peekFirst() + windowMillis - now);
        }
    }

    public synchronized void recordFailure(String address, String user) {
        record("ip:" + address);
        if (user != null) {
            record("user:" + user);
        }
    }

    private void record(String key) {
        long now = clock.millis();
        Deque<Long> times = failures.get(key, k -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
    }

    /** The per-user limit, reported in {@code X-RateLimit-Limit}. */
    public int limit() {
        return maxPerUser;
    }

    private void prune(Deque<Long> times, long now) {
        while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
            times.removeFirst();
        }
    }
}
