package dev.fedchat.bench.load;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Events per second from one server to another: {@code count} messages posted to a federated room
 * on the sending server as fast as {@code posters} clients can (closed loop, one connection each),
 * timed from the first POST until the receiving server has pushed the last of them to a DDP
 * subscriber there — the moment a user on the other server could see it.
 *
 * <p>The posts and the delivery overlap: while the clients post, the sender's queue already sends
 * batches, so the figure is the rate at which the pair of servers moves messages end to end on
 * the shared cores. The part of the delivery that remains after the last POST was answered (the
 * backlog) is timed separately: it is the delivery lane alone, with nobody posting.
 */
final class FederatedThroughput {
    /** Polling interval while waiting for the last frames: parked, not spinning — the servers need the cores. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** A backlog drain shorter than this many events is too short to time. */
    private static final int MIN_DRAIN_EVENTS = 100;

    private FederatedThroughput() {}

    /**
     * @param events          messages posted and expected
     * @param missing         of those, never seen on the receiver before the timeout
     * @param postSeconds     first POST sent → last POST answered
     * @param deliverSeconds  first POST sent → last frame on the receiver
     * @param drainEvents     frames that arrived after the last POST was answered
     * @param drainSeconds    last POST answered → last frame
     * @param latency         per message, POST sent → frame on the receiver (includes the queueing)
     * @param postFailures    POSTs that did not answer 200
     * @param cpu             CPU over the whole run, first POST → last frame
     * @param drainCpu        CPU while the backlog drained: the delivery alone, nobody posting
     */
    record Result(int events, int missing, double postSeconds, double deliverSeconds, int drainEvents, double drainSeconds,
                  Samples.Summary latency, int postFailures, String firstError, ProcessCpu.Usage cpu,
                  ProcessCpu.Usage drainCpu) {
        double postedPerSecond() {
            return events / postSeconds;
        }

        /** The headline figure: messages that reached the other server's user, per second. */
        double eventsPerSecond() {
            return (events - missing) / deliverSeconds;
        }

        /** The backlog's rate with nobody posting; NaN when the backlog was too small to time. */
        double drainPerSecond() {
            return drainEvents < MIN_DRAIN_EVENTS || drainSeconds <= 0 ? Double.NaN : drainEvents / drainSeconds;
        }
    }

    /**
     * What a closed-loop posting run did.
     *
     * @param sent       when each POST left (System.nanoTime)
     * @param start      just before the first POST
     * @param lastAnswer when the last answer arrived
     */
    record Posted(AtomicLongArray sent, long start, long lastAnswer, int failures, String firstError) {
        double seconds() {
            return (lastAnswer - start) / 1e9;
        }
    }

    /**
     * Posts {@code count} messages {@code <prefix><seq>} to {@code roomId} with {@code posters}
     * (one thread each) and waits up to {@code timeoutSeconds} after the last post for
     * {@code receiver} to see them all.
     */
    static Result run(String prefix, int count, List<RestClient> posters, String roomId, DdpSubscriber receiver,
                      Supplier<ProcessCpu> cpuWindow, double timeoutSeconds) {
        DdpSubscriber.Expectation expected = new DdpSubscriber.Expectation(prefix, count);
        receiver.expectMessages(expected);
        ProcessCpu cpu = cpuWindow.get();
        Posted posted = post(prefix, count, posters, roomId);
        ProcessCpu drainCpu = cpuWindow.get();
        long deadline = posted.lastAnswer() + (long) (timeoutSeconds * 1e9);
        while (expected.received() < count - posted.failures() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        ProcessCpu.Usage used = cpu.stop();
        ProcessCpu.Usage drainUsed = drainCpu.stop();
        receiver.expectMessages(null);

        long lastFrame = 0;
        int drained = 0;
        Samples latency = new Samples();
        for (int seq = 0; seq < count; seq++) {
            long arrived = expected.arrival(seq);
            if (arrived != 0) {
                lastFrame = Math.max(lastFrame, arrived);
                latency.add(arrived - posted.sent().get(seq));
                if (arrived > posted.lastAnswer()) {
                    drained++;
                }
            }
        }
        int missing = count - expected.received();
        long end = Math.max(lastFrame, posted.lastAnswer());
        return new Result(count, missing, posted.seconds(), (end - posted.start()) / 1e9, drained,
                (lastFrame - posted.lastAnswer()) / 1e9, latency.summary(), posted.failures(), posted.firstError(), used,
                drainUsed);
    }

    /** {@code count} posts {@code <prefix><seq>} to {@code roomId}, each poster on its own thread in a closed loop. */
    static Posted post(String prefix, int count, List<RestClient> posters, String roomId) {
        AtomicLongArray sent = new AtomicLongArray(count);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        AtomicLong lastAnswer = new AtomicLong();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (RestClient poster : posters) {
            Thread t = new Thread(() -> {
                for (int seq = next.getAndIncrement(); seq < count; seq = next.getAndIncrement()) {
                    HttpRequest request = poster.postRequest("/api/v1/chat.postMessage",
                            RestClient.write(Map.of("roomId", roomId, "text", prefix + seq)));
                    sent.set(seq, System.nanoTime());
                    try {
                        HttpResponse<String> r = poster.http().send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            failures.incrementAndGet();
                            firstError.compareAndSet(null, r.statusCode() + " " + r.body());
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        firstError.compareAndSet(null, e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }, "poster-" + threads.size());
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while posting", e);
            }
        }
        return new Posted(sent, start, lastAnswer.get(), failures.get(), firstError.get());
    }
}
