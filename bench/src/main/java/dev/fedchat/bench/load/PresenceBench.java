package dev.fedchat.bench.load;

import java.util.Locale;

/**
 * {@code bench/presence.sh}: the cost of one presence change fanned out to {@code --watchers}
 * DDP sessions (default 1,000) against one message to the same sessions in the same run
 * ({@link PresenceFanOut}). Prints medians and p99 of the time until the last session has its
 * frame, and the process CPU per change, each with the presence/message ratio.
 */
public final class PresenceBench {
    private PresenceBench() {}

    public static void main(String[] args) throws Exception {
        int watchers = 1000;
        int rounds = 40;
        int warmup = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--watchers" -> watchers = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; --watchers N --rounds N --warmup N");
            }
        }
        System.err.printf(Locale.ROOT, "presence bench: %d sessions, %d warm-up and %d counted rounds of each kind%n",
                watchers, warmup, rounds);
        try (PresenceFanOut bench = new PresenceFanOut(watchers)) {
            PresenceFanOut.Result r = bench.run(warmup, rounds);
            Samples.Summary p = r.presence().summary();
            Samples.Summary m = r.message().summary();
            System.out.printf(Locale.ROOT, "fan-out to %d DDP sessions, %d changes of each kind%n", r.watchers(), p.count());
            System.out.printf(Locale.ROOT, "  presence change: p50 %.1f ms, p99 %.1f ms; CPU per change %.1f ms (process),"
                    + " %.2f ms (server fan-out thread)%n", p.p50(), p.p99(), r.presenceCpuMs(), r.presenceFanoutMs());
            System.out.printf(Locale.ROOT, "  message (baseline): p50 %.1f ms, p99 %.1f ms; CPU per change %.1f ms (process),"
                    + " %.2f ms (server fan-out thread)%n", m.p50(), m.p99(), r.messageCpuMs(), r.messageFanoutMs());
            System.out.printf(Locale.ROOT, "  ratio presence/message: p50 %.2f, process CPU %.2f, fan-out CPU %.2f%n",
                    p.p50() / m.p50(), r.presenceCpuMs() / r.messageCpuMs(), r.presenceFanoutMs() / r.messageFanoutMs());
            System.out.printf(Locale.ROOT, "summary watchers=%d presence_p50_ms=%.2f message_p50_ms=%.2f presence_cpu_ms=%.2f"
                    + " message_cpu_ms=%.2f presence_fanout_ms=%.2f message_fanout_ms=%.2f%n", r.watchers(), p.p50(), m.p50(),
                    r.presenceCpuMs(), r.messageCpuMs(), r.presenceFanoutMs(), r.messageFanoutMs());
        }
    }
}
