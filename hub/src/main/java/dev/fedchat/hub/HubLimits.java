package dev.fedchat.hub;

import java.time.Duration;

/**
 * How long a confirmation link works and how often the hub answers a registration. Every limit is
 * counted from the hub's clock.
 *
 * @param linkLifetime        a confirmation link works this long after its mail (24 h)
 * @param mailInterval        at most one confirmation mail per domain in this interval (5 min): re-posting
 *                            the same data inside it is answered without a mail, different data with 429
 * @param registrationsPerIp  at most so many registration requests from one client address ...
 * @param ipWindow            ... in this window (30 per hour), whatever the domains
 */
public record HubLimits(Duration linkLifetime, Duration mailInterval, int registrationsPerIp, Duration ipWindow) {
    public static final HubLimits DEFAULTS = new HubLimits(Duration.ofHours(24), Duration.ofMinutes(5), 30, Duration.ofHours(1));

    public HubLimits {
        if (!positive(linkLifetime) || !positive(mailInterval) || !positive(ipWindow)) {
            throw new HubConfigException("hub limits need positive durations, got link lifetime " + linkLifetime
                    + ", mail interval " + mailInterval + ", address window " + ipWindow);
        }
        if (registrationsPerIp < 1) {
            throw new HubConfigException("registrations per client address must be at least 1, got " + registrationsPerIp);
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
