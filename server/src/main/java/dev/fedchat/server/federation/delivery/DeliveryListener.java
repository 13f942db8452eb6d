package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.federation.transport.PeerCallException;

/**
 * Told of each delivery outcome, after it is stored (STYLE.md §18: metrics and tests plug in
 * here). Called from delivery threads; implementations must be fast, thread-safe and never throw.
 */
public interface DeliveryListener {
    DeliveryListener NONE = new DeliveryListener() {};

    /** A peer accepted {@code events} events, now removed from its queue. */
    default void delivered(String domain, int events) {}

    /** An attempt failed and the queue backs off; {@code kind} is how the failure was classified. */
    default void attemptFailed(String domain, PeerCallException.Kind kind) {}

    /** A peer refused one event for good; it left the queue. */
    default void refused(String domain, String eventId) {}
}
