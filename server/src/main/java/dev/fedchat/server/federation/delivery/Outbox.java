package dev.fedchat.server.federation.delivery;

import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;

/**
 * Queues a stored event for the other domains of its room: one {@code federation_outbox} row per
 * destination, written in the caller's transaction, so the event and its deliveries commit
 * together or not at all (STYLE.md §3.10). Our own domain is never queued: the origin stores its
 * own events directly (issue 4 §3), where Rocket.Chat sent them to itself over HTTP.
 *
 * <p>The queues are woken only after the commit ({@link Handle#afterCommit}): woken earlier, a
 * queue could look before the rows are visible, find nothing and go idle with the rows unsent
 * until the next wake-up. If the transaction rolls back there is nothing to wake. Thread-safe.
 */
public final class Outbox {
    private final Clock clock;
    private final Supplier<String> ownDomain;
    private final DeliveryQueues queues;

    /** @param ownDomain this server's federation domain, read at each call (the setting may change) */
    public Outbox(Clock clock, Supplier<String> ownDomain, DeliveryQueues queues) {
        this.clock = clock;
        this.ownDomain = ownDomain;
        this.queues = queues;
    }

    /**
     * Queues {@code eventId} (already in {@code federation_events}, or written in the same
     * transaction) for each of {@code domains} but our own, once each, in the order given.
     *
     * @param h the caller's handle, inside its transaction
     * @return the domains queued
     * @throws IllegalStateException when {@code h} is not in a transaction
     */
    public Set<String> enqueue(Handle h, String eventId, Collection<String> domains) {
        if (!h.isInTransaction()) {
            throw new IllegalStateException("Outbox.enqueue must run in the transaction that stores event " + eventId);
        }
        String own = DeliveryQueues.normalize(ownDomain.get());
        Set<String> targets = new LinkedHashSet<>();
        for (String domain : domains) {
            String d = DeliveryQueues.normalize(domain);
            if (!d.isEmpty() && !d.equals(own)) {
                targets.add(d);
            }
        }
        if (targets.isEmpty()) {
            return Set.of();
        }
        h.attach(OutboxDao.class).insert(List.copyOf(targets), eventId, clock.millis());
        Set<String> queued = Collections.unmodifiableSet(targets);
        h.afterCommit(() -> queues.wake(queued));
        return queued;
    }
}
