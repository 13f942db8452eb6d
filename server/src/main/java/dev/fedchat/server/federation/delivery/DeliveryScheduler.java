package dev.fedchat.server.federation.delivery;

import java.time.Duration;

/**
 * Where the delivery queues run their work and their retry timers: threads in production
 * ({@link ThreadDeliveryScheduler}), the test's own hand in tests (a manual scheduler that runs
 * work inline and timers when the test moves its clock), so backoff is tested without sleeping
 * (STYLE.md §3.6).
 *
 * <p>Implementations are thread-safe. Tasks never throw; a scheduler need not protect itself.
 */
public interface DeliveryScheduler extends AutoCloseable {

    /** Runs {@code task} soon, off the caller's thread (in production). */
    void execute(Runnable task);

    /** Runs {@code task} once after {@code delay}; the handle cancels it while it has not started. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Stops: pending timers are dropped, running work is interrupted and waited for a short while. */
    @Override
    void close();

    /** A pending timer. */
    interface Cancellable {
        void cancel();
    }
}
