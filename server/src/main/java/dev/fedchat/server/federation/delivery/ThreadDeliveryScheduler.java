package dev.fedchat.server.federation.delivery;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link DeliveryScheduler}: a pool of {@code threads} delivery threads and one
 * timer thread that only hands due retries to the pool (it never blocks on a peer).
 *
 * <p>Bounds: each peer queue has at most one drain submitted or running, plus at most one
 * preparation of its next batch ({@link NextBatch}), or, while it backs off, one liveness probe
 * instead of the drain, so the pool's queue holds two tasks per peer at most (and now and then a
 * probe the queue no longer wants, which returns at once), and at most {@code threads} threads
 * are busy at once. A peer that hangs holds one thread for at most the request timeout; it takes
 * {@code threads} hanging peers at once before a live one waits. Probes take at most
 * {@link ProbeConfig#inFlight()} threads at once, each for at most the probe's timeout. A
 * preparation no thread has started when its drain needs it is done by the drain.
 *
 * <p>Threads are daemons, started on first use and ended after a minute idle.
 */
public final class ThreadDeliveryScheduler implements DeliveryScheduler {
    private static final Logger log = LoggerFactory.getLogger(ThreadDeliveryScheduler.class);
    /** How long {@link #close} waits for interrupted requests to wind up and record their outcome. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService timers;

    public ThreadDeliveryScheduler(int threads) {
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemons("federation-delivery-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.timers = Executors.newSingleThreadScheduledExecutor(daemons("federation-delivery-timer-"));
    }

    @Override
    public void execute(Runnable task) {
        workers.execute(task);
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = timers.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /**
     * Drops pending timers and waits for running work. The queues interrupt their own requests
     * when they close (first); work is not interrupted here, since a thread interrupted while it
     * writes makes H2 close its file.
     */
    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Federation delivery threads still busy {} s after shutdown; interrupting them (their rows stay queued)",
                        SHUTDOWN_WAIT.toSeconds());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
