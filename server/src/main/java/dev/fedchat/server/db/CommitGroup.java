package dev.fedchat.server.db;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: short write units submitted from many threads run one after another on one
 * writer thread, and every unit that arrived while the previous commit was being written shares
 * the next transaction and its single commit.
 *
 * <p>Why: on the embedded database a commit writes its changes to the file before the request is
 * answered ({@code WRITE_DELAY=0}), and that write costs more than the statements of a post
 * (docs/benchmarks.md). Sharing it between concurrent posts keeps the durability and divides its
 * price. A lone unit still commits at once: nobody waits for company.
 *
 * <p>Contract: a unit behaves as if it had its own transaction. Each unit of a shared
 * transaction runs inside a savepoint, so a unit that throws is rolled back alone and its caller
 * gets its exception; the others commit. If the commit itself fails, every unit of that
 * transaction fails with the commit's exception and nothing of it is stored. {@link #run} returns
 * only after the commit, so callers publish their events after it, as they would with a
 * transaction of their own.
 *
 * <p>Threading: callers block in {@link #run}; the units run on the {@code db-commit} thread.
 * Units must be short and must not call {@link #run} themselves.
 */
public final class CommitGroup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommitGroup.class);
    /** The most units one transaction takes; more wait for the next, so one commit stays small. */
    static final int MAX_UNITS = 64;
    /** Units waiting at most; a caller beyond it is refused rather than queued without bound. */
    static final int MAX_WAITING = 10_000;

    private final Jdbi jdbi;
    private final BlockingQueue<Unit<?>> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final Thread writer;
    private volatile boolean closed;
    /** Transactions committed so far (tests and metrics). Written by the writer thread only. */
    private volatile long transactions;

    public CommitGroup(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.writer = new Thread(this::writeLoop, "db-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Runs {@code work} in a transaction (possibly shared) and returns its result after the commit. */
    public <T> T run(HandleCallback<T, RuntimeException> work) {
        if (closed) {
            throw new IllegalStateException("the database is shutting down");
        }
        Unit<T> unit = new Unit<>(work);
        if (!waiting.offer(unit)) {
            throw new IllegalStateException("too many writes are waiting for the database (" + MAX_WAITING + ")");
        }
        try {
            return unit.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void writeLoop() {
        List<Unit<?>> batch = new ArrayList<>(MAX_UNITS);
        while (!closed) {
            try {
                Unit<?> first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_UNITS - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                // commit() completes every unit itself; reaching here is our bug, and the loop must live on
                log.error("The group-commit writer failed unexpectedly; its units were failed", e);
                batch.forEach(u -> u.result.completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        failWaiting();
    }

    private void commit(List<Unit<?>> batch) {
        List<Runnable> outcomes = new ArrayList<>(batch.size());
        try {
            jdbi.useTransaction(h -> {
                outcomes.clear(); // a retried transaction starts over
                if (batch.size() == 1) {
                    outcomes.add(batch.get(0).runAlone(h));
                } else {
                    for (int i = 0; i < batch.size(); i++) {
                        outcomes.add(batch.get(i).runInSavepoint(h, "unit" + i));
                    }
                }
            });
        } catch (RuntimeException e) {
            // the lone unit threw, or the commit failed: nothing of this transaction is stored
            batch.forEach(u -> u.result.completeExceptionally(e));
            return;
        }
        transactions++;
        outcomes.forEach(Runnable::run);
    }

    /** Units submitted and not yet taken by the writer (tests). */
    int waitingForTest() {
        return waiting.size();
    }

    /** How many transactions the group has committed. */
    public long transactions() {
        return transactions;
    }

    private void failWaiting() {
        List<Unit<?>> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(u -> u.result.completeExceptionally(new IllegalStateException("the database is shutting down")));
    }

    /** Stops taking work; units already waiting fail. Call before closing the database. */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failWaiting();
    }

    /** One caller's work and the future it waits on; completed only after the commit. */
    private static final class Unit<T> {
        private final HandleCallback<T, RuntimeException> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Unit(HandleCallback<T, RuntimeException> work) {
            this.work = work;
        }

        /** Runs alone: a failure rolls the whole transaction back, which holds only this unit. */
        Runnable runAlone(Handle h) {
            T value = work.withHandle(h);
            return () -> result.complete(value);
        }

        /** Runs inside a savepoint; a failure undoes this unit only and is reported after the commit. */
        Runnable runInSavepoint(Handle h, String savepoint) {
            h.savepoint(savepoint);
            try {
                T value = work.withHandle(h);
                h.releaseSavepoint(savepoint);
                return () -> result.complete(value);
            } catch (RuntimeException e) {
                h.rollbackToSavepoint(savepoint);
                return () -> result.completeExceptionally(e);
            }
        }
    }
}
