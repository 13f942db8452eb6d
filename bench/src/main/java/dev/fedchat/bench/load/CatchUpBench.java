package dev.fedchat.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The catch-up benchmark ({@code bench/catchup.sh}, issue 12): how long a peer that comes back
 * waits for its backlog. Two fedchat servers in their own JVMs and dnsmasq, as in the federation
 * benchmark ({@link FederationSetup}); each run is a {@link CatchUpRun}: 1,000 messages queued on
 * alpha for a stopped beta, alpha's queue left to fail until it is deep in its backoff, beta
 * started, and the time from beta answering to its last queued message stored. Runs alternate
 * between alpha with the liveness probe (the default) and without it ({@code FEDCHAT_DELIVERY_PROBE=off},
 * the stored backoff alone): the same-run baseline. On H2, or with {@code --postgres URL} on
 * PostgreSQL (a database per server, made and dropped by the driver).
 *
 * <p>Progress goes to stderr, the report to stdout. Every process started is stopped, and the
 * temporary directory and databases removed, on every exit, Ctrl-C included.
 */
public final class CatchUpBench {
    private static final double TARGET_MS = 5000;
    private static final long STARTED = System.nanoTime();
    static final String USAGE = """
            Usage: bench/catchup.sh [--events 1000] [--runs 3] [--failures 5] [--posters 4] [--outage restart|link]
                                    [--postgres jdbc:postgresql://127.0.0.1:55440/postgres?user=postgres]
                                    [--jar app/target/fedchat.jar]""";

    /**
     * @param events   messages queued for beta in each run
     * @param runs     runs with the probe, and as many without
     * @param failures alpha's failed attempts in a row before beta comes back (5: the next wait is 26–32 s)
     * @param posters  clients posting the backlog
     * @param postgres an admin JDBC URL of a PostgreSQL server to make the servers' databases on; null for H2
     * @param link     the outage is beta's link cut ({@link CutLink}, beta stays warm), not beta's restart
     */
    record Options(int events, int runs, int failures, int posters, String postgres, boolean link, Path jar) {
        static Options parse(String[] args) {
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help") || args[i].equals("-h") || i + 1 >= args.length) {
                    throw new IllegalArgumentException(USAGE);
                }
                given.put(args[i], args[++i]);
            }
            Options o = new Options(count(given.remove("--events"), 1000), count(given.remove("--runs"), 3),
                    count(given.remove("--failures"), 5), count(given.remove("--posters"), 4), given.remove("--postgres"),
                    outage(given.remove("--outage")), Path.of(given.getOrDefault("--jar", "app/target/fedchat.jar")));
            given.remove("--jar");
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet() + "\n" + USAGE);
            }
            if (o.events < 3) {
                throw new IllegalArgumentException("--events must be at least 3\n" + USAGE);
            }
            if (!Files.isRegularFile(o.jar)) {
                throw new IllegalArgumentException("no jar at " + o.jar.toAbsolutePath() + " (bench/catchup.sh builds it)");
            }
            return o;
        }

        private static boolean outage(String value) {
            if (value == null || value.equals("restart")) {
                return false;
            }
            if (value.equals("link")) {
                return true;
            }
            throw new IllegalArgumentException("--outage is restart or link, got " + value + "\n" + USAGE);
        }

        private static int count(String value, int fallback) {
            int n = value == null ? fallback : Integer.parseInt(value);
            if (n < 1) {
                throw new IllegalArgumentException("counts must be positive, got " + n + "\n" + USAGE);
            }
            return n;
        }

        String database() {
            return postgres == null ? "H2 (embedded, WRITE_DELAY=0)" : "PostgreSQL at " + postgres.replaceAll("\\?.*", "");
        }
    }

    private final Options options;
    private final Path workDir;
    private final Report report = new Report();
    private final List<String> databases = new ArrayList<>();
    private volatile FederationSetup setup;
    private volatile CutLink link;

    private CatchUpBench(Options options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CatchUpBench bench = new CatchUpBench(options, Files.createTempDirectory("fedchat-catchup-bench"));
        BenchExit.runAndExit(bench::run, bench::cleanUp, e -> progress("FAILED: " + e));
    }

    private void run() {
        report.section("Machine");
        Report.machine().forEach(l -> report.line("%s", l));
        report.line("options: events=%d runs=%d failures=%d posters=%d outage=%s database=%s jar=%s", options.events(),
                options.runs(), options.failures(), options.posters(), options.link() ? "link" : "restart", options.database(),
                options.jar());
        progress("starting dnsmasq, alpha and beta on " + options.database());
        setup = new FederationSetup(workDir, databaseUrls());
        setup.start(new FederationOptions(0, 1, 1, 0, 1, 1, 0, false, 1, options.jar(), List.of()), Map.of());
        CatchUpRun.Outage outage;
        if (options.link()) {
            link = CutLink.to(setup.server(FederationSetup.BETA).port());
            setup.route(FederationSetup.BETA, link.port()); // alpha reads it at its restart, first thing in each run
            outage = CatchUpRun.cut(link);
        } else {
            outage = CatchUpRun.restart(setup.server(FederationSetup.BETA));
        }
        report.line("outage: %s", outage.describe());
        if (options.link()) {
            // beta's JVM lives through every run: warm it first, or the first run alone meets a cold receiver
            progress("warm-up: " + options.events() + " messages delivered to beta before anything is measured");
            warmUp();
        }

        List<CatchUpRun.Result> withProbe = new ArrayList<>();
        List<CatchUpRun.Result> without = new ArrayList<>();
        for (int i = 1; i <= options.runs(); i++) {
            // alternate which goes first, so a drift of the machine's load does not favour one side
            for (boolean probe : i % 2 == 1 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                progress(String.format(Locale.ROOT, "run %d/%d, probe %s: beta down, %d messages queued on alpha, waiting for %d"
                        + " failed attempts", i, options.runs(), probe ? "on" : "off", options.events(), options.failures()));
                CatchUpRun.Result r = CatchUpRun.run(setup, outage, probe, "c" + i + (probe ? "p" : "b") + "-", options.events(),
                        options.failures(), options.posters());
                progress(String.format(Locale.ROOT, "  beta answering → last message stored: %.0f ms (woken %.0f ms, first"
                        + " stored %.0f ms; the stored backoff had %.0f ms left)", r.lastMs(), r.wokeMs(), r.firstMs(),
                        r.storedWaitMs()));
                (probe ? withProbe : without).add(r);
            }
        }
        setup.stopServers();
        report(withProbe, without);
        report.print();
    }

    private void warmUp() {
        setup.restartAlpha(Map.of()); // alpha reads beta's records, which now name the link
        List<RestClient> posters = new ArrayList<>();
        for (int i = 0; i < options.posters(); i++) {
            posters.add(setup.alice());
        }
        FederatedThroughput.post("warm-", options.events(), posters, setup.dm());
        long pending = setup.awaitDelivered(FederationSetup.BETA, java.util.concurrent.TimeUnit.MINUTES.toNanos(5));
        if (pending > 0) {
            throw new IllegalStateException("alpha still had " + pending + " events for beta 5 min after the warm-up");
        }
    }

    private Map<String, String> databaseUrls() {
        if (options.postgres() == null) {
            return Map.of();
        }
        Map<String, String> urls = new LinkedHashMap<>();
        for (String domain : List.of(FederationSetup.ALPHA, FederationSetup.BETA)) {
            String name = "fedchat_catchup_" + domain.substring(0, domain.indexOf('.')) + "_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            sql("CREATE DATABASE " + name);
            databases.add(name);
            urls.put(domain, options.postgres().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1"));
        }
        return urls;
    }

    private void report(List<CatchUpRun.Result> withProbe, List<CatchUpRun.Result> without) {
        report.section("Runs (beta answering again → its last queued message stored on it)");
        report.line("%-5s %-6s %9s %13s %12s %10s %11s %11s %6s %5s", "run", "probe", "failures", "backoff left", "beta start",
                "woken (ms)", "first (ms)", "last (ms)", "after", "load");
        for (int i = 0; i < withProbe.size(); i++) {
            for (CatchUpRun.Result r : List.of(withProbe.get(i), without.get(i))) {
                report.line("%-5d %-6s %9d %10.0f ms %9.0f ms %10.0f %11.0f %11.0f %6d %5s", i + 1, r.probe() ? "on" : "off",
                        r.failuresBefore(), r.storedWaitMs(), r.betaStartMs(), r.wokeMs(), r.firstMs(), r.lastMs(),
                        r.failuresAfter(), r.load());
            }
        }
        double[] on = withProbe.stream().mapToDouble(CatchUpRun.Result::lastMs).toArray();
        double[] off = without.stream().mapToDouble(CatchUpRun.Result::lastMs).toArray();
        double[] onWoke = withProbe.stream().mapToDouble(CatchUpRun.Result::wokeMs).toArray();
        report.section("Catch-up of " + options.events() + " queued events");
        report.line("probe on:  median %.0f ms, spread %.0f–%.0f ms; of it, until the probe woke the queue: median %.0f ms,"
                + " spread %.0f–%.0f ms", median(on), min(on), max(on), median(onWoke), min(onWoke), max(onWoke));
        report.line("probe off (baseline, the stored backoff): median %.0f ms, spread %.0f–%.0f ms", median(off), min(off), max(off));
        report.line("ratio on / off (medians): %s", Report.ratio(median(on), median(off)));
        report.summary("catchup_probe_median_ms", median(on));
        report.summary("catchup_probe_max_ms", max(on));
        report.summary("catchup_baseline_median_ms", median(off));
        report.summary("catchup_ratio", median(on) / median(off));
        report.atMost("a returning peer caught up (" + options.events() + " events), median of " + on.length + " runs",
                median(on), TARGET_MS, "ms");
        report.atMost("the same, slowest run", max(on), TARGET_MS, "ms");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private void sql(String statement) {
        try (Connection c = DriverManager.getConnection(options.postgres()); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " failed on " + options.database() + ": " + e.getMessage(), e);
        }
    }

    private void cleanUp() {
        FederationSetup s = setup;
        if (s != null) {
            s.close();
        }
        CutLink l = link;
        if (l != null) {
            l.close();
        }
        for (String db : databases) {
            try {
                sql("DROP DATABASE IF EXISTS " + db);
            } catch (IllegalStateException e) {
                System.err.println("could not drop " + db + ": " + e.getMessage());
            }
        }
        BenchExit.deleteTree(workDir);
    }

    private static void progress(String what) {
        System.err.printf(Locale.ROOT, "[catchup-bench %6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, what);
    }
}
