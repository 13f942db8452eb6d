package dev.fedchat.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The driver's printed report: the figures, each next to its baseline as a ratio, and the
 * issue's targets met or missed (and by how much). The targets are checked here, in a report a
 * person reads, never in a test (a timed assertion on a shared 2-core machine would be flaky).
 */
final class Report {
    static final double TARGET_POSTS_PER_SECOND = 2000;
    static final double TARGET_P99_MS = 20;
    static final double TARGET_START_MS = 3000;
    static final double TARGET_IDLE_RSS_MIB = 400;

    private final List<String> lines = new ArrayList<>();
    private final List<String> verdicts = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();

    void section(String title) {
        lines.add("");
        lines.add(title);
    }

    void line(String format, Object... args) {
        lines.add("  " + String.format(Locale.ROOT, format, args));
    }

    /** A {@code key=value} pair for the one-line summary at the end (for collecting several runs). */
    void summary(String key, double value) {
        summary.add(String.format(Locale.ROOT, "%s=%.2f", key, value));
    }

    /** At least {@code target}. */
    void atLeast(String what, double measured, double target, String unit) {
        verdict(what, measured >= target, String.format(Locale.ROOT, "%.0f %s, target ≥ %.0f %s", measured, unit, target, unit),
                String.format(Locale.ROOT, "short by %.0f %s (%.0f%%)", target - measured, unit, 100 * (target - measured) / target));
    }

    /** At most {@code target}. */
    void atMost(String what, double measured, double target, String unit) {
        verdict(what, measured <= target, String.format(Locale.ROOT, "%.1f %s, target ≤ %.0f %s", measured, unit, target, unit),
                String.format(Locale.ROOT, "over by %.1f %s (%.0f%%)", measured - target, unit, 100 * (measured - target) / target));
    }

    /** A target met or missed; {@code miss} says by how much. */
    void verdict(String what, boolean met, String figures, String miss) {
        verdicts.add(String.format(Locale.ROOT, "  %-7s %s: %s%s", met ? "met" : "MISSED", what, figures, met ? "" : " — " + miss));
    }

    /** A rate in whole units, or "n/a" for NaN (a run too short to time). */
    static String perSecond(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
    }

    static String ratio(double value, double baseline) {
        return baseline == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", value / baseline);
    }

    /** Cores, memory, JDK, kernel and the load average (other builds share this machine). */
    static List<String> machine() {
        List<String> out = new ArrayList<>();
        out.add(String.format("cores %d, RAM %s, %s %s (%s), %s %s", Runtime.getRuntime().availableProcessors(),
                memTotal(), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), System.getProperty("os.name"), System.getProperty("os.version")));
        out.add("load average at start: " + loadAverage());
        return out;
    }

    static String loadAverage() {
        return readFirstLine(Path.of("/proc/loadavg"));
    }

    private static String memTotal() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0);
                }
            }
        } catch (IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    private static String readFirstLine(Path file) {
        try {
            return Files.readAllLines(file).get(0);
        } catch (IOException | IndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    void print() {
        lines.forEach(System.out::println);
        System.out.println();
        System.out.println("Targets");
        verdicts.forEach(System.out::println);
        System.out.println();
        System.out.println("SUMMARY " + String.join(" ", summary));
    }
}
