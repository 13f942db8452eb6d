package dev.fedchat.server.federation.delivery;

import java.time.Instant;

/**
 * What the admin view and the metrics show of one destination, read from the database.
 *
 * @param pending        events queued for it
 * @param failures       consecutive failed attempts; 0 when healthy
 * @param nextAttemptAt  while backing off, when the queue tries again; null otherwise
 * @param lastError      the latest failure or refusal, as the peer (or the network) put it
 * @param failingSince   when the current run of failures began; null when healthy
 * @param eventsRejected events it refused for good, taken out of the queue
 */
public record PeerDelivery(String domain, long pending, int failures, Instant lastSuccessAt, String lastError,
                           Instant lastErrorAt, Instant nextAttemptAt, Instant failingSince, long eventsOut, long eventsIn,
                           long eventsRejected) {

    /** The peer's state in one word, for the admin's dashboard; derived, never stored. */
    public enum Health {
        /**
         * The latest attempt to send to it got its answer: it took the events, or refused some for good (a
         * refusal counts against the events, not the peer: it was reached and answered, and {@link #eventsRejected()}
         * says how many it refused).
         */
        HEALTHY,
        /** The latest attempt failed; the queue is backing off ({@link #nextAttemptAt()}) and {@link #lastError()} says why. */
        FAILING,
        /** Nothing was sent to it yet, nor failed: a peer that only wrote to us, or whose first batch is on its way. */
        IDLE
    }

    public Health health() {
        if (failures > 0) {
            return Health.FAILING;
        }
        // a peer that refused everything it got has no success yet, but it was sent to: it is not idle
        return lastSuccessAt != null || eventsRejected > 0 ? Health.HEALTHY : Health.IDLE;
    }

    static PeerDelivery of(PeerRow r) {
        return new PeerDelivery(r.domain(), r.pending(), r.failures(), instant(r.lastSuccessAt()), r.lastError(),
                instant(r.lastErrorAt()), instant(r.nextAttemptAt()), instant(r.failingSince()), r.eventsOut(),
                r.eventsIn(), r.eventsRejected());
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
