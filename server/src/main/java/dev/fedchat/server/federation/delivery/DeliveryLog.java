package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.federation.transport.PeerCallException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines an operator reads about deliveries, in one place so their wording stays consistent:
 * each starts with {@code Federation delivery to <domain>:} and says what happened, what waits,
 * and what happens next. One WARN when a peer starts failing, then DEBUG per retry with a WARN
 * reminder at most every {@link DeliveryConfig#reminderEvery()}, one INFO when it recovers, one
 * WARN per refused event (STYLE.md §18). It keeps the little state that needs: the current run
 * of failures, and the run a success just ended until its backlog is sent.
 *
 * <p>Threading: used by the queue's running drain only (see {@link PeerQueue}), except the
 * stateless {@link #answersAgain}.
 */
final class DeliveryLog {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

    private final String domain;
    private final DeliveryConfig config;
    private Outage outage;           // the current run of failures, null while healthy
    private Outage recovering;       // the run that the latest success ended, until its backlog is sent and logged
    private long recoveredEvents;    // events delivered since that success

    DeliveryLog(String domain, DeliveryConfig config) {
        this.domain = domain;
        this.config = config;
    }

    /** The stored state says the peer was failing before this process started. */
    void restored(Instant failingSince, int failures) {
        outage = new Outage(failingSince, failures, null);
    }

    /**
     * An attempt failed: a WARN if the peer was healthy, or if the last WARN about it is older than
     * the reminder interval; DEBUG otherwise.
     */
    void failed(PeerCallException e, int failures, Instant now, Instant next, Duration delay, LongSupplier pending) {
        idle(now); // it came back, then failed again: say first what got through in between
        if (outage == null) {
            outage = new Outage(now, 1, now);
            startedFailing(e, pending.getAsLong(), next, delay);
        } else if (outage.lastWarnAt() == null || !now.isBefore(outage.lastWarnAt().plus(config.reminderEvery()))) {
            outage = outage.failedAgain(now);
            stillFailing(e, outage, pending.getAsLong(), next, delay);
        } else {
            outage = outage.failedAgain(null);
            log.debug("Federation delivery to {}: attempt failed ({} in a row): {}; next at {}", domain, failures, e.getMessage(), next);
        }
    }

    /** The peer accepted events: a run of failures, if any, has ended. */
    void delivered(int events) {
        if (outage != null) {
            recovering = outage;
            recoveredEvents = 0;
            outage = null;
        }
        if (recovering != null) {
            recoveredEvents += events;
        }
    }

    /** The queue is empty (or failing again): the recovery, if any, is told now, with what it delivered. */
    void idle(Instant now) {
        if (recovering != null) {
            log.info("Federation delivery to {}: delivered {} queued {} after {} failed {}{}; the peer is reachable again.",
                    domain, recoveredEvents, recoveredEvents == 1 ? "event" : "events", recovering.attempts(),
                    recovering.attempts() == 1 ? "attempt" : "attempts", over(recovering, now));
            recovering = null;
        }
    }

    private void startedFailing(PeerCallException e, long pending, Instant nextAttempt, Duration delay) {
        log.warn("Federation delivery to {}: {}. {} waiting; next attempt at {} (in {}), then backing off up to {}."
                        + " Retries are logged at DEBUG, with a reminder every {}.",
                domain, describe(e), events(pending), nextAttempt, human(delay), human(config.maxRetry()), human(config.reminderEvery()));
    }

    private void stillFailing(PeerCallException e, Outage outage, long pending, Instant nextAttempt, Duration delay) {
        log.warn("Federation delivery to {}: still failing after {} attempts{}: {}. {} waiting; next attempt at {} (in {}).",
                domain, outage.attempts(), over(outage, nextAttempt.minus(delay)), describe(e), events(pending), nextAttempt, human(delay));
    }

    void splitting(int batch, PeerCallException e) {
        log.info("Federation delivery to {}: the peer refused a batch of {} events ({}); sending them one by one to find"
                + " the refused ones.", domain, batch, e.getMessage());
    }

    void refused(String eventId, PeerCallException e) {
        log.warn("Federation delivery to {}: the peer refused event {} and would refuse it again: {}. It was taken out of"
                + " the queue so the events after it can go, and kept in federation_rejected.", domain, eventId, e.getMessage());
    }

    void dropped(int rows) {
        log.info("Federation delivery to {}: dropped {} queued that no longer exist (deleted with their room).", domain, events(rows));
    }

    /** A probe found the failing peer answering: its queue tries now. Stateless, so any thread may call it. */
    void answersAgain(long pending) {
        log.info("Federation delivery to {}: the peer answers again; sending its {} queued now rather than at the next"
                + " scheduled attempt.", domain, pending < 0 ? "events" : events(pending));
    }

    void resumed(int failures, Instant nextAttempt) {
        log.info("Federation delivery to {}: {} failed attempts before the restart; next attempt at {}.", domain, failures, nextAttempt);
    }

    void ownBug(RuntimeException e) {
        log.error("Federation delivery to {}: the attempt failed on our side; the events stay queued and are retried", domain, e);
    }

    private String describe(PeerCallException e) {
        if (e.kind() == PeerCallException.Kind.UNTRUSTED) {
            return "the peer could not decrypt our request (" + e.getMessage() + "). Its copy of our public key, or ours"
                    + " of its key, is probably stale: keys rotate and DNS caches them. Retrying as for a network failure;"
                    + " if it lasts, compare our published key with ./fedchat doctor on both domains";
        }
        return "attempt failed: " + e.getMessage();
    }

    private static String events(long n) {
        return n == 1 ? "1 event" : n + " events";
    }

    private static String over(Outage outage, Instant now) {
        return outage.since() == null ? "" : " over " + human(Duration.between(outage.since(), now));
    }

    /** "1.6 s", "4 min", "1 h 5 min": precise enough to act on, short enough to read. */
    static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 120) {
            return s + " s";
        }
        long min = s / 60;
        if (min < 120) {
            return min + " min";
        }
        return min / 60 + " h " + min % 60 + " min";
    }

    /**
     * A run of failed attempts: when it began (null when unknown, e.g. begun before a restart on an
     * older schema), how many attempts failed, and when the last WARN about it was written.
     */
    record Outage(Instant since, int attempts, Instant lastWarnAt) {
        Outage failedAgain(Instant warnedAt) {
            return new Outage(since, attempts + 1, warnedAt == null ? lastWarnAt : warnedAt);
        }
    }
}
