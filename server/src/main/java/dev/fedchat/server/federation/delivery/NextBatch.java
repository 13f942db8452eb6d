package dev.fedchat.server.federation.delivery;

import dev.fedchat.server.federation.transport.PeerCallException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch behind the one a {@link PeerQueue} has in flight, read from the outbox and prepared
 * ({@link PeerTransport#prepare}: sealed, over HTTP) on another thread meanwhile, so the sender's
 * CPU works while the receiver decrypts and stores. Nothing is sent here.
 *
 * <p>Contract: {@link #take} hands over the prepared request only if it carries exactly the rows
 * the queue is about to send (same {@code seq}s, same event texts); otherwise the preparation is
 * dropped and the queue prepares the batch itself, as without this class. So a prepared batch can
 * never reorder, lose or repeat anything, whatever happened to the outbox in between (a failed or
 * refused batch whose rows stayed or left, rows committed late, events deleted). The queue also
 * {@link #discard}s it whenever the current batch did not succeed.
 *
 * <p>Threading: {@link #start}, {@link #take} and {@link #discard} are called by the queue's drain
 * only (one at a time); the preparation runs on the {@link DeliveryScheduler}. If no thread has
 * started it by the time the drain wants it (a saturated pool), the drain withdraws it and
 * prepares the batch itself: it never waits for a thread that may not come.
 */
final class NextBatch {
    private static final Logger log = LoggerFactory.getLogger(NextBatch.class);

    private final String domain;
    private final DeliveryStore store;
    private final PeerTransport transport;
    private final int batchSize;
    private final DeliveryScheduler scheduler;

    // drain only
    private Preparation pending;

    NextBatch(String domain, DeliveryStore store, PeerTransport transport, int batchSize, DeliveryScheduler scheduler) {
        this.domain = domain;
        this.store = store;
        this.transport = transport;
        this.batchSize = batchSize;
        this.scheduler = scheduler;
    }

    /** Starts preparing the batch of the rows queued after row {@code seq} (the last of the batch in flight). */
    void start(long seq) {
        discard();
        Preparation preparation = new Preparation(seq);
        pending = preparation;
        try {
            scheduler.execute(preparation);
        } catch (RejectedExecutionException e) {
            // shutting down: take() finds it unstarted and the drain prepares the batch itself
        }
    }

    /**
     * The prepared request for exactly {@code rows}, or null (nothing prepared, not started yet,
     * failed, or other rows). The preparation is forgotten either way. May wait for a preparation
     * that is running.
     */
    PeerTransport.Prepared take(List<OutboxRow> rows) {
        Preparation preparation = pending;
        pending = null;
        if (preparation == null || preparation.withdraw()) {
            return null;
        }
        Ready ready = preparation.result.join();
        return ready != null && ready.rows().equals(rows) ? ready.request() : null;
    }

    /** Drops the preparation: not started, it never runs; running, its result is ignored. */
    void discard() {
        if (pending != null) {
            pending.withdraw();
            pending = null;
        }
    }

    /** A prepared request and the rows it carries. */
    private record Ready(List<OutboxRow> rows, PeerTransport.Prepared request) {}

    /** One preparation, run by a pool thread or withdrawn by the drain, whichever comes first. */
    private final class Preparation implements Runnable {
        private final long after;
        private final AtomicBoolean claimed = new AtomicBoolean();
        /** Completes with null when there was nothing to prepare, or it failed. */
        private final CompletableFuture<Ready> result = new CompletableFuture<>();

        Preparation(long after) {
            this.after = after;
        }

        /** True when no thread had started it: it never will. */
        boolean withdraw() {
            return claimed.compareAndSet(false, true);
        }

        @Override
        public void run() {
            if (claimed.compareAndSet(false, true)) {
                try {
                    result.complete(prepare());
                } catch (Throwable t) {
                    // a bug of ours: the drain's take() rethrows it, so the drain is not left waiting
                    result.completeExceptionally(t);
                }
            }
        }

        private Ready prepare() {
            try {
                // rows whose event is gone are left out, as the drain leaves them out (and deletes them)
                List<OutboxRow> rows = store.oldestAfter(domain, after, batchSize).stream()
                        .filter(r -> r.wire() != null).toList();
                return rows.isEmpty() ? null
                        : new Ready(rows, transport.prepare(domain, rows.stream().map(OutboxRow::wire).toList()));
            } catch (PeerCallException | RuntimeException e) {
                // not a failure of any attempt: the drain prepares this batch again when it is due,
                // and the same failure, if it recurs, is classified and recorded there
                log.debug("Federation delivery to {}: preparing the next batch ahead failed: {}", domain, e.toString());
                return null;
            }
        }
    }
}
