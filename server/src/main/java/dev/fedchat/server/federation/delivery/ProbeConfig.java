package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.config.ConfigException;
import java.time.Duration;

/**
 * How a failing peer is probed for its return (issue 12): a plain {@code GET /api/info}, no
 * crypto, on a short timer of its own while the queue backs off, so a peer that comes back is
 * sent its backlog within seconds rather than at the end of a backoff that may be an hour long.
 * Validated when built (STYLE.md §3.5).
 *
 * @param enabled  whether failing peers are probed at all; off, a queue waits out its backoff
 *                 (as before issue 12, and the benchmark's baseline)
 * @param first    the wait before the first probe after a failed attempt; each further probe doubles it
 * @param max      the longest wait between two probes: bounds how long a returned peer waits
 * @param jitter   each wait is shortened by a random fraction of up to this much (0 to below 1),
 *                 so the peers that failed together are not probed together
 * @param inFlight the most probes under way at once, for all peers together: probes run on the
 *                 delivery threads, and many dead peers must not take them all
 * @param timeout  how long a probe waits for the connection and the answer's status line
 */
public record ProbeConfig(boolean enabled, Duration first, Duration max, double jitter, int inFlight, Duration timeout) {

    /**
     * On; 1 s after the failed attempt, then every 2 s (1.6–2 s with the 20% jitter) while the peer
     * fails; 4 probes at once; 2 s timeout. A returned peer is seen within 2 s, 1 s on average,
     * which leaves 3 s of the 5 s to send it 1,000 events (about 2 s on a quiet 2-core
     * machine). A dead peer costs us a refused TCP connection every 2 s, a peer that drops packets
     * a socket for 2 s every 4 s: no load worth the name on either side, for a wait that is never
     * longer than 2 s, where the backoff's can be an hour.
     */
    public static final ProbeConfig DEFAULTS = new ProbeConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(2), 0.2, 4,
            Duration.ofSeconds(2));

    public ProbeConfig {
        if (first == null || first.isNegative() || first.isZero()) {
            throw new ConfigException("probe first wait must be a positive duration, got " + first);
        }
        if (max == null || max.compareTo(first) < 0) {
            throw new ConfigException("probe max wait must be at least the first wait (" + first + "), got " + max);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new ConfigException("probe jitter must be at least 0 and below 1, got " + jitter);
        }
        if (inFlight < 1) {
            throw new ConfigException("probes in flight must be at least 1, got " + inFlight);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException("probe timeout must be a positive duration, got " + timeout);
        }
    }

    /** The same, switched on or off. */
    public ProbeConfig withEnabled(boolean on) {
        return new ProbeConfig(on, first, max, jitter, inFlight, timeout);
    }
}
