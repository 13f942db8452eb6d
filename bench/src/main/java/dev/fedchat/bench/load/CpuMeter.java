package dev.fedchat.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU spent over a measurement window: by the server's threads, by the load driver's threads, by
 * the JVM itself (GC and JIT: the process total minus all Java threads) and by every other
 * process on the machine ({@code /proc/stat} minus ours).
 *
 * <p>The machine is shared with other builds: wall-clock figures move with their load, CPU time
 * per request less, and the bytes the server allocates per request hardly at all (the steadiest
 * measure of how much work a request is). The server's share is told apart by thread name
 * (Jetty's pool, the DDP threads, the connection pool, H2); a thread that ends inside the window
 * loses its share, which Jetty's long-lived pool makes negligible.
 */
final class CpuMeter {
    /** {@code /proc/stat} counts in clock ticks of 1/100 s on Linux. */
    private static final double TICK_NANOS = 10_000_000.0;
    private static final String[] SERVER_THREADS = {"JettyServerThreadPool", "Scheduler-", "ddp-", "fedchat-db", "MVStore", "H2 "};
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long processNanos;
    private final Map<Long, Long> serverThreadNanos;
    private final Map<Long, Long> serverThreadBytes;
    private final Map<Long, Long> clientThreadNanos;
    private final long busyTicks;
    private final long wallNanos;

    private CpuMeter() {
        this.processNanos = processCpuNanos();
        this.serverThreadNanos = threads(true, false);
        this.serverThreadBytes = threads(true, true);
        this.clientThreadNanos = threads(false, false);
        this.busyTicks = machineBusyTicks();
        this.wallNanos = System.nanoTime();
    }

    static CpuMeter start() {
        return new CpuMeter();
    }

    /** What was used since {@link #start}. */
    Usage stop() {
        double wall = System.nanoTime() - wallNanos;
        long process = processCpuNanos() - processNanos;
        double all = (machineBusyTicks() - busyTicks) * TICK_NANOS / wall;
        long server = since(serverThreadNanos, threads(true, false));
        long client = since(clientThreadNanos, threads(false, false));
        return new Usage(server, since(serverThreadBytes, threads(true, true)), process, server / wall, client / wall,
                Math.max(0, process - server - client) / wall, Math.max(0, all - process / wall));
    }

    /**
     * @param serverNanos  CPU time of the server's threads
     * @param serverBytes  bytes allocated by the server's threads
     * @param processNanos CPU time of the whole process
     * @param serverCores / clientCores / jvmCores / otherCores  cores used on average by the server's
     *        threads, the load driver's threads, the JVM itself (GC, JIT) and all other processes
     */
    record Usage(long serverNanos, long serverBytes, long processNanos, double serverCores, double clientCores,
                 double jvmCores, double otherCores) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "cores used: server %.2f, load driver %.2f, JVM (GC, JIT) %.2f, other processes %.2f",
                    serverCores, clientCores, jvmCores, otherCores);
        }
    }

    private static long since(Map<Long, Long> before, Map<Long, Long> now) {
        long sum = 0;
        for (Map.Entry<Long, Long> t : now.entrySet()) {
            sum += t.getValue() - before.getOrDefault(t.getKey(), 0L);
        }
        return sum;
    }

    /** Thread id → CPU nanoseconds (or allocated bytes) of every live server (or other) thread. */
    private static Map<Long, Long> threads(boolean server, boolean bytes) {
        Map<Long, Long> out = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && isServer(info.getThreadName()) == server) {
                long id = info.getThreadId();
                long value = bytes ? THREADS.getThreadAllocatedBytes(id) : THREADS.getThreadCpuTime(id);
                if (value >= 0) {
                    out.put(id, value);
                }
            }
        }
        return out;
    }

    private static boolean isServer(String name) {
        for (String prefix : SERVER_THREADS) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** user + nice + system + irq + softirq + steal of the first line of {@code /proc/stat}. */
    private static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0; // not Linux: "other processes" then reads 0
        }
    }
}
