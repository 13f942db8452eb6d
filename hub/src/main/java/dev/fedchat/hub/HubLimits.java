package dev.fedchat.hub;

import java.time.Duration;

/**
 * How long a confirmation link works and how often the hub answers a client. Every limit is
 * counted from the hub's clock; {@code fedchat hub} sets all but the link lifetime from its options.
 *
 * @param linkLifetime  a confirmation link works this long after its mail (24 h)
 * @param mailInterval  at most one confirmation mail per domain in this interval (5 min): re-posting
 *                      the same data inside it is answered without a mail, different data with 429
 * @param registrations registration requests one client address may make, whatever the domains (30 per hour)
 * @param lookups       lookups one client address may make (600 per minute)
 */
public record HubLimits(Duration linkLifetime, Duration mailInterval, PerAddress registrations, PerAddress lookups) {
    public static final int DEFAULT_MAIL_INTERVAL_MINUTES = 5;
    /** A server registers when its admin saves the federation settings: 30 an hour is far more than anyone saves. */
    public static final int DEFAULT_REGISTRATIONS_PER_HOUR = 30;
    /**
     * 10 a second. A server looks a peer up once and then keeps the answer at least 30 s and a
     * miss 15 s (fedchat's {@code PeerCache}; Rocket.Chat keeps answers an hour), so it asks about
     * one peer at most 4 times a minute: 600 covers a server talking to 150 peers at the shortest
     * caching, or one resolving hundreds of peers at once after a restart. An address asking more
     * is hammering the hub or walking a list of names through it, and 600 a minute keeps that to
     * a trickle the hub's database does not notice.
     */
    public static final int DEFAULT_LOOKUPS_PER_MINUTE = 600;

    public static final HubLimits DEFAULTS = new HubLimits(Duration.ofHours(24),
            Duration.ofMinutes(DEFAULT_MAIL_INTERVAL_MINUTES), PerAddress.perHour(DEFAULT_REGISTRATIONS_PER_HOUR),
            PerAddress.perMinute(DEFAULT_LOOKUPS_PER_MINUTE));

    public HubLimits {
        if (!positive(linkLifetime) || !positive(mailInterval)) {
            throw new HubConfigException("hub limits need positive durations, got link lifetime " + linkLifetime
                    + ", mail interval " + mailInterval);
        }
        if (registrations == null || lookups == null) {
            throw new HubConfigException("hub limits need a registration and a lookup limit");
        }
    }

    /**
     * At most {@code count} requests from one client address in any {@code window}.
     *
     * @param count  at least 1
     * @param window positive
     */
    public record PerAddress(int count, Duration window) {
        public PerAddress {
            if (count < 1 || !positive(window)) {
                throw new HubConfigException("a limit per client address needs a count of at least 1 and a positive"
                        + " window, got " + count + " per " + window);
            }
        }

        public static PerAddress perHour(int count) {
            return new PerAddress(count, Duration.ofHours(1));
        }

        public static PerAddress perMinute(int count) {
            return new PerAddress(count, Duration.ofMinutes(1));
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
