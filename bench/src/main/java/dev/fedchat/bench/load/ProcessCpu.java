package dev.fedchat.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where the machine's CPU went over a measurement window when the servers run in processes of
 * their own: the cores used by each named process ({@code /proc/<pid>/stat}, user + system), by
 * this driver's JVM, and by everything else ({@code /proc/stat} minus all of those). On a 2-core
 * machine shared by two servers, the driver and dnsmasq, this is what explains a throughput.
 */
final class ProcessCpu {
    /** Linux counts both files in clock ticks of 1/100 s. */
    private static final double TICK_SECONDS = 0.01;

    private final Map<String, Long> pids;
    private final Map<String, Long> ticks;
    private final long driverTicks;
    private final long machineTicks;
    private final long startedAt;

    private ProcessCpu(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
        this.ticks = new LinkedHashMap<>();
        pids.forEach((name, pid) -> ticks.put(name, processTicks(pid)));
        this.driverTicks = processTicks(ProcessHandle.current().pid());
        this.machineTicks = machineBusyTicks();
        this.startedAt = System.nanoTime();
    }

    /** Starts a window over these processes (name → pid). */
    static ProcessCpu start(Map<String, Long> pids) {
        return new ProcessCpu(pids);
    }

    /** Cores used since {@link #start}: each named process, {@code driver}, and {@code other}. */
    Usage stop() {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        Map<String, Double> cores = new LinkedHashMap<>();
        long ours = 0;
        for (Map.Entry<String, Long> p : pids.entrySet()) {
            long used = processTicks(p.getValue()) - ticks.get(p.getKey());
            ours += used;
            cores.put(p.getKey(), used * TICK_SECONDS / seconds);
        }
        long driver = processTicks(ProcessHandle.current().pid()) - driverTicks;
        ours += driver;
        cores.put("driver", driver * TICK_SECONDS / seconds);
        long machine = machineBusyTicks() - machineTicks;
        cores.put("other", Math.max(0, machine - ours) * TICK_SECONDS / seconds);
        return new Usage(cores, seconds);
    }

    /** Cores used on average per process name over {@code seconds}. */
    record Usage(Map<String, Double> cores, double seconds) {
        double of(String name) {
            return cores.getOrDefault(name, 0.0);
        }

        /** CPU milliseconds {@code name} used per event, over {@code events} events in this window. */
        double msPerEvent(String name, int events) {
            return events == 0 ? Double.NaN : of(name) * seconds * 1000 / events;
        }

        double total() {
            return cores.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        @Override
        public String toString() {
            return "cores used: " + cores.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, " (total %.2f)", total());
        }
    }

    /** utime + stime of a process, 0 once it is gone. */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
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
            return 0;
        }
    }
}
