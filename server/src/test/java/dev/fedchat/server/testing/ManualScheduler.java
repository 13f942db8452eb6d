package dev.fedchat.server.testing;

import dev.fedchat.server.federation.delivery.DeliveryScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link DeliveryScheduler} the test drives: work runs at once on the calling thread, timers
 * wait until the test moves the {@link Clock} past them and calls {@link #runDue()}. So a test
 * reads "fail, move the clock to the retry, run what is due, check" without a thread or a sleep.
 * Thread-safe, though meant for one test thread.
 */
public final class ManualScheduler implements DeliveryScheduler {
    private final Clock clock;
    private final List<Timer> timers = new ArrayList<>();
    private boolean closed;

    public ManualScheduler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Timer timer = new Timer(clock.instant().plus(delay), task);
        if (!closed) {
            timers.add(timer);
        }
        return () -> {
            synchronized (this) {
                timers.remove(timer);
            }
        };
    }

    /** Runs, earliest first, every timer due by the clock's time; returns how many ran. */
    public int runDue() {
        int ran = 0;
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.stream().filter(t -> !t.due().isAfter(clock.instant()))
                        .min(Comparator.comparing(Timer::due)).orElse(null);
                if (next == null) {
                    return ran;
                }
                timers.remove(next);
            }
            next.task().run();
            ran++;
        }
    }

    /** When the pending timers are due, earliest first. */
    public synchronized List<Instant> pending() {
        return timers.stream().map(Timer::due).sorted().toList();
    }

    @Override
    public synchronized void close() {
        closed = true;
        timers.clear();
    }

    private record Timer(Instant due, Runnable task) {}
}
