package dev.fedchat.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action {@code total} times, the {@code n}-th at {@code start + n / perSecond}, on its own
 * thread. A scheduled executor at a fixed rate keeps the pace no matter how long one action takes
 * (it catches up rather than drifting), which a loop around a sleep would not.
 */
final class FixedRate implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FixedRate.class);

    private final ScheduledExecutorService scheduler;
    private final CountDownLatch done;

    private FixedRate(String name, int total, int perSecond, IntConsumer action) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name));
        this.done = new CountDownLatch(total);
        AtomicInteger next = new AtomicInteger();
        scheduler.scheduleAtFixedRate(() -> {
            int n = next.getAndIncrement();
            if (n >= total) {
                return;
            }
            try {
                action.accept(n);
            } catch (RuntimeException e) {
                // a task that throws is never run again: log, count it as done, keep the pace
                log.warn("{} #{} failed: {}", name, n, e.toString());
            } finally {
                done.countDown();
            }
        }, 0, 1_000_000_000L / perSecond, TimeUnit.NANOSECONDS);
    }

    static FixedRate start(String name, int total, int perSecond, IntConsumer action) {
        return new FixedRate(name, total, perSecond, action);
    }

    /** Blocks until every action ran. */
    void awaitDone() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing", e);
        }
    }

    /** Stops: actions not yet started never run; one that is running may finish. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
