package dev.fedchat.server.federation.delivery;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable delivery of federation events (issue 4 §5): one {@link PeerQueue} per destination
 * domain, created when the domain first has work, each sending its own outbox rows on the
 * {@link DeliveryScheduler}'s threads, never on a user's request thread. Rocket.Chat sent inline,
 * one peer after another with no retry (federation-protocol.md §9.1); here a slow or dead peer
 * holds only its own queue.
 *
 * <p>Contract: rows are written by {@link Outbox} in the event's transaction, and this is told
 * after the commit ({@link #wake}). The database is the truth, this only decides when to look:
 * {@link #start} resumes every domain that has rows, so a restart loses nothing.
 *
 * <p>Thread-safe. {@link #close} before the database closes.
 */
public final class DeliveryQueues implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryQueues.class);

    private final DeliveryStore store;
    private final PeerTransport transport;
    private final DeliveryConfig config;
    private final Clock clock;
    private final DeliveryScheduler scheduler;
    private final DoubleSupplier random;
    private final DeliveryListener listener;
    private final BooleanSupplier enabled;
    private final LivenessProbes probes;
    /** Bounded by the number of peers we have sent to since the start: a handful of fields each. */
    private final ConcurrentHashMap<String, PeerQueue> queues = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param random   uniform in [0, 1), for the backoff's jitter
     * @param listener told of every outcome (metrics)
     * @param enabled  whether this server federates now: while it does not, the queues keep their
     *                 rows and send nothing (a server that refuses its peers' requests does not
     *                 keep talking to them); {@link #start} again when it does
     * @param probe    asked on a short timer whether a failing peer answers again ({@link ProbeConfig})
     */
    public DeliveryQueues(Jdbi jdbi, PeerTransport transport, PeerProbe probe, DeliveryConfig config, Clock clock,
                          DeliveryScheduler scheduler, DoubleSupplier random, DeliveryListener listener,
                          BooleanSupplier enabled) {
        this.store = new DeliveryStore(jdbi);
        this.transport = transport;
        this.config = config;
        this.clock = clock;
        this.scheduler = scheduler;
        this.random = random;
        this.listener = listener;
        this.enabled = enabled;
        this.probes = new LivenessProbes(probe, config.probe());
    }

    /** On threads, with a thread-safe random jitter: the production set-up. */
    public static DeliveryQueues onThreads(Jdbi jdbi, PeerTransport transport, PeerProbe probe, DeliveryConfig config,
                                           Clock clock, DeliveryListener listener, BooleanSupplier enabled) {
        return new DeliveryQueues(jdbi, transport, probe, config, clock, new ThreadDeliveryScheduler(config.threads()),
                () -> ThreadLocalRandom.current().nextDouble(), listener, enabled);
    }

    /**
     * Resumes every domain that has rows waiting, each with the backoff it had when it stopped: at
     * the start, and when federation is switched on again.
     */
    public void start() {
        List<String> domains = store.domainsWithRows();
        if (!enabled.getAsBoolean()) {
            if (!domains.isEmpty()) {
                log.info("Federation delivery: federation is disabled on this server; the events queued for {} peers {} wait"
                        + " until it is enabled", domains.size(), domains);
            }
            return;
        }
        if (!domains.isEmpty()) {
            log.info("Federation delivery: resuming the queues of {} peers with events waiting: {}", domains.size(), domains);
        }
        wake(domains);
    }

    /**
     * New rows were committed for these domains: each queue sends them unless it is backing off.
     * Cheap and non-blocking (it runs after the event's commit, on the committing thread).
     */
    public void wake(Collection<String> domains) {
        for (String domain : domains) {
            PeerQueue queue = normalize(domain).isEmpty() ? null : queue(domain);
            if (queue != null) {
                queue.wake();
            }
        }
    }

    /**
     * A request from {@code domain} proved its sender (a verified inbound request): the peer is
     * up, so its queue ends its wait with one attempt, at most once between two scheduled attempts
     * ({@link PeerQueue#peerProvedAlive}). Costs nothing when the queue is not backing off, as it is
     * called for every such request.
     */
    public void peerIsAlive(String domain) {
        PeerQueue queue = closed ? null : queues.get(normalize(domain));
        if (queue != null) {
            queue.peerProvedAlive();
        }
    }

    /**
     * An admin's "retry now": forgets the backoff and sends at once.
     *
     * @return false when the domain is not a peer (no stored state and nothing queued)
     */
    public boolean retryNow(String domain) {
        String d = normalize(domain);
        if (!queues.containsKey(d) && store.peer(d).isEmpty() && store.pending(d) == 0) {
            return false;
        }
        PeerQueue queue = queue(d);
        if (queue != null) {
            queue.retryNow(true);
        }
        return true;
    }

    /** The events {@code domain} refused, oldest first, at most {@code limit}. */
    public List<RejectedEvent> rejected(String domain, int limit) {
        return store.rejected(normalize(domain), limit);
    }

    /**
     * An admin's "send again": the events {@code domain} refused go back to its queue, oldest first,
     * behind what is queued, and are sent now (the peer was presumably fixed).
     *
     * @return how many events were queued again
     */
    public int resendRejected(String domain) {
        String d = normalize(domain);
        int queued = store.resendRejected(d, clock.millis());
        if (queued > 0) {
            log.info("Federation delivery to {}: {} refused events queued again by an admin", d, queued);
            retryNow(d);
        }
        return queued;
    }

    /** Counts {@code events} events received from {@code domain}, in a transaction of its own. */
    public void countReceived(String domain, int events) {
        if (events > 0) {
            store.received(normalize(domain), events);
        }
    }

    /**
     * As {@link #countReceived(String, int)}, in the caller's transaction: the receiver counts a
     * batch in the transaction that stores its last events, so the count costs no commit of its own.
     */
    public void countReceived(Handle h, String domain, int events) {
        if (events > 0) {
            DeliveryStore.received(h, normalize(domain), events);
        }
    }

    /** Every peer's stored delivery state, by domain. */
    public List<PeerDelivery> peers() {
        return store.peers().stream().map(PeerDelivery::of).toList();
    }

    /** Stops every queue and the threads; requests in flight are interrupted, their rows stay. */
    @Override
    public void close() {
        closed = true;
        queues.values().forEach(PeerQueue::close);
        scheduler.close();
    }

    private PeerQueue queue(String domain) {
        if (closed) {
            return null;
        }
        return queues.computeIfAbsent(normalize(domain),
                d -> new PeerQueue(d, store, transport, config, clock, scheduler, random, listener, enabled, probes));
    }

    static String normalize(String domain) {
        return domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
    }
}
