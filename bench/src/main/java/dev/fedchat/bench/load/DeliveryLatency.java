package dev.fedchat.bench.load;

import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Post → DDP frame latency for one set of subscribers: from just before a {@code chat.postMessage}
 * is sent to the arrival of its {@code stream-room-messages} frame at each subscriber, at a paced
 * rate. The baseline is the DDP ping → pong round trip on the same sockets, timed once with the
 * server idle (at the post rate) and once interleaved with the posts (at a quarter of it).
 */
final class DeliveryLatency {
    /** How long to wait for the last frames and pongs. */
    private static final long DRAIN_NANOS = 5_000_000_000L;
    /** Polling interval while draining: parked, not spinning, because the server needs both cores. */
    private static final long POLL_NANOS = 1_000_000L;

    private final PacedPoster poster;
    private final int perSecond;
    private final double warmupSeconds;
    private final double measureSeconds;

    DeliveryLatency(PacedPoster poster, int perSecond, double warmupSeconds, double measureSeconds) {
        this.poster = poster;
        this.perSecond = perSecond;
        this.warmupSeconds = warmupSeconds;
        this.measureSeconds = measureSeconds;
    }

    /**
     * @param delivery       every (message, subscriber) pair
     * @param lastSubscriber per message, the subscriber that got it last (fan-out complete)
     * @param postAnswer     the POST's own round trip
     * @param bySubscriber   the delivery to each subscriber, in the order given
     */
    record Result(int subscribers, double postedPerSecond, Samples.Summary delivery, Samples.Summary lastSubscriber,
                  Samples.Summary postAnswer, Samples.Summary idlePing, Samples.Summary loadedPing,
                  long framesExpected, long framesMissing, int postFailures, String firstError, CpuMeter.Usage cpu,
                  List<Samples.Summary> bySubscriber) {}

    Result run(String label, List<DdpSubscriber> subscribers) {
        Samples idlePing = ping(subscribers, (int) (perSecond * 2.0), perSecond);
        poster.post(label + "w-", (int) (perSecond * warmupSeconds), perSecond);

        int count = (int) (perSecond * measureSeconds);
        List<DdpSubscriber.Expectation> expectations = subscribers.stream().map(s -> {
            DdpSubscriber.Expectation e = new DdpSubscriber.Expectation(label + "m-", count);
            s.expectMessages(e);
            return e;
        }).toList();
        subscribers.forEach(DdpSubscriber::takePingRtts);
        PacedPoster.Run run;
        CpuMeter meter = CpuMeter.start();
        try (FixedRate pings = FixedRate.start("pinger", Integer.MAX_VALUE, Math.max(1, perSecond / 4),
                n -> subscribers.get(n % subscribers.size()).ping("l" + n))) {
            run = poster.post(label + "m-", count, perSecond);
        }
        CpuMeter.Usage cpu = meter.stop();
        waitUntil(() -> expectations.stream().allMatch(e -> e.received() >= count));
        Samples loadedPing = collectPings(subscribers);

        Samples delivery = new Samples();
        Samples last = new Samples();
        Samples answer = new Samples();
        List<Samples> each = subscribers.stream().map(s -> new Samples()).toList();
        long missing = 0;
        for (int seq = 0; seq < count; seq++) {
            long sent = run.sent().get(seq);
            if (run.answered().get(seq) != 0) {
                answer.add(run.answered().get(seq) - sent);
            }
            long worst = 0;
            for (int i = 0; i < expectations.size(); i++) {
                long arrived = expectations.get(i).arrival(seq);
                if (arrived == 0) {
                    missing++;
                } else {
                    delivery.add(arrived - sent);
                    each.get(i).add(arrived - sent);
                    worst = Math.max(worst, arrived - sent);
                }
            }
            if (worst > 0) {
                last.add(worst);
            }
        }
        return new Result(subscribers.size(), run.achievedRate(), delivery.summary(), last.summary(),
                answer.summary(), idlePing.summary(), loadedPing.summary(), (long) count * subscribers.size(),
                missing, run.failures(), run.firstError(), cpu, each.stream().map(Samples::summary).toList());
    }

    /** {@code total} pings round-robin over the subscribers at {@code perSecond}; their round trips. */
    private static Samples ping(List<DdpSubscriber> subscribers, int total, int perSecond) {
        subscribers.forEach(DdpSubscriber::takePingRtts);
        try (FixedRate pings = FixedRate.start("pinger", total, perSecond,
                n -> subscribers.get(n % subscribers.size()).ping("i" + n))) {
            pings.awaitDone();
        }
        return collectPings(subscribers);
    }

    private static Samples collectPings(List<DdpSubscriber> subscribers) {
        waitUntil(() -> subscribers.stream().allMatch(s -> s.pingsUnanswered() == 0));
        Samples all = new Samples();
        subscribers.forEach(s -> all.addAll(s.takePingRtts()));
        return all;
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
