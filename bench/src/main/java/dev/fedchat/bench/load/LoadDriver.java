package dev.fedchat.bench.load;

import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * fedchat's load driver ({@code bench/run.sh}): starts a server in this process on a temporary
 * embedded H2 database, as production runs, and measures (a) start-up, (b) {@code chat.postMessage}
 * throughput against {@code GET /api/info} with the same clients, (c) post → DDP frame latency
 * against the DDP ping round trip on the same sockets, and (d) the idle memory of the real jar in
 * its own process. Prints a report; see {@code docs/benchmarks.md}.
 *
 * <p>Clients and server share this JVM and the machine's cores: the ratios, not the absolute
 * figures, are what carries over between machines.
 */
public final class LoadDriver {
    private static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "bench-admin-pass";

    private final BenchOptions options;
    private final Report report = new Report();
    private final Path workDir;

    private LoadDriver(BenchOptions options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws IOException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path workDir = Files.createTempDirectory("fedchat-bench");
        try {
            new LoadDriver(options, workDir).run();
        } finally {
            deleteRecursively(workDir);
        }
        System.exit(0); // the JDK HTTP clients' threads would otherwise keep the JVM for a while
    }

    private void run() {
        report.section("Machine");
        Report.machine().forEach(l -> report.line("%s", l));
        report.line("options: %s", options);
        progress("starting the server in-process on " + workDir.resolve("main"));

        long t0 = System.nanoTime();
        FedchatServer server = FedchatServer.start(config(workDir.resolve("main")));
        double coldStart = ms(System.nanoTime() - t0);
        server.close();
        t0 = System.nanoTime();
        server = FedchatServer.start(config(workDir.resolve("main")));
        double warmStart = ms(System.nanoTime() - t0);
        report.section("(a) Start-up in this process");
        report.line("FedchatServer.start, cold JVM, new database:   %7.0f ms", coldStart);
        report.line("FedchatServer.start, warm JVM, same database:  %7.0f ms", warmStart);
        report.summary("start_inprocess_cold_ms", coldStart);
        report.summary("start_inprocess_warm_ms", warmStart);
        try {
            Workspace workspace = new Workspace(server.url(), ADMIN, ADMIN_PASSWORD);
            throughput(workspace, "bench-throughput", "WRITE_DELAY=0 (as shipped)", workDir.resolve("main"),
                    options.warmupSeconds(), options.measureSeconds());
            latency(workspace);
        } finally {
            server.close();
        }
        if (options.compareWriteDelay()) {
            writeDelayComparison();
        }
        startupAndMemory(coldStart);
        report.section("End");
        report.line("load average at end: %s", Report.loadAverage());
        report.print();
    }

    // ---- (b) throughput ----------------------------------------------------------------------

    private void throughput(Workspace workspace, String room, String label, Path dataDir, double warmup, double seconds) {
        progress("throughput: creating " + options.clients() + " posters in " + room);
        List<RestClient> posters = workspace.users(room + "-p", options.clients());
        String roomId = workspace.channel(room, names(room + "-p", options.clients()));
        progress("throughput: GET /api/info baseline");
        ClosedLoopLoad.Result info = ClosedLoopLoad.run("GET /api/info", posters,
                (client, n) -> posters.get(client).getRequest("/api/info"), warmup, seconds);
        progress("throughput: POST chat.postMessage");
        long dbBefore = databaseBytes(dataDir);
        ClosedLoopLoad.Result post = ClosedLoopLoad.run("POST chat.postMessage", posters,
                (client, n) -> posters.get(client).postRequest("/api/v1/chat.postMessage",
                        RestClient.write(Map.of("roomId", roomId, "text", "tp-" + client + "-" + n))),
                warmup, seconds);
        double kbPerPost = (databaseBytes(dataDir) - dbBefore) / 1024.0 / post.completed();
        report.section(String.format("(b) Throughput, %d concurrent clients (closed loop, keep-alive), %.0f s after %.0f s warm-up, H2 %s",
                options.clients(), seconds, warmup, label));
        for (ClosedLoopLoad.Result r : List.of(info, post)) {
            report.line("%-22s %7.0f req/s  latency %s, errors %d%s", r.name(), r.perSecond(), r.latency(), r.errors(),
                    r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
            report.line("%-22s per request: server CPU %.3f ms, whole-process CPU %.3f ms, server allocation %.0f KiB", "",
                    r.serverCpuMs(), r.processCpuMs(), r.serverKiB());
            report.line("%-22s %s", "", r.cpu());
        }
        report.line("ratio postMessage / info: throughput %s, server CPU per request %s, server allocation per request %s",
                Report.ratio(post.perSecond(), info.perSecond()), Report.ratio(post.serverCpuMs(), info.serverCpuMs()),
                Report.ratio(post.serverKiB(), info.serverKiB()));
        report.line("database file growth during the posting run (warm-up included): %.1f KiB per counted post", kbPerPost);
        record(label, info, post);
    }

    private void record(String label, ClosedLoopLoad.Result info, ClosedLoopLoad.Result post) {
        String key = label.startsWith("WRITE_DELAY=0") ? "" : "_write_delay_default";
        report.summary("info_rps" + key, info.perSecond());
        report.summary("post_rps" + key, post.perSecond());
        report.summary("post_p50_ms" + key, post.latency().p50());
        report.summary("post_p99_ms" + key, post.latency().p99());
        report.summary("info_server_cpu_ms" + key, info.serverCpuMs());
        report.summary("post_server_cpu_ms" + key, post.serverCpuMs());
        report.summary("post_process_cpu_ms" + key, post.processCpuMs());
        report.summary("info_server_kib" + key, info.serverKiB());
        report.summary("post_server_kib" + key, post.serverKiB());
        report.summary("post_other_cores" + key, post.cpu().otherCores());
        if (key.isEmpty()) {
            report.atLeast("chat.postMessage throughput, " + options.clients() + " clients", post.perSecond(),
                    Report.TARGET_POSTS_PER_SECOND, "msg/s");
        }
    }

    private static long databaseBytes(Path dataDir) {
        try {
            return Files.size(dataDir.resolve("fedchat.mv.db"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the database size", e);
        }
    }

    /** Durability priced: the same posting run with H2's default write delay (commits reach the file within ~0.5 s). */
    private void writeDelayComparison() {
        Path dir = workDir.resolve("write-delay");
        DatabaseConfig shipped = DatabaseConfig.embedded(dir);
        DatabaseConfig lazy = new DatabaseConfig(shipped.url().replace(";WRITE_DELAY=0", ""), shipped.user(), shipped.password());
        if (lazy.url().equals(shipped.url())) {
            throw new IllegalStateException("the embedded URL no longer sets WRITE_DELAY=0: " + shipped.url());
        }
        progress("durability comparison: the same posting run without WRITE_DELAY=0");
        try (FedchatServer server = FedchatServer.start(config(dir).withDatabase(lazy))) {
            // shorter: this run only prices durability, and the whole driver should stay under two minutes
            throughput(new Workspace(server.url(), ADMIN, ADMIN_PASSWORD), "bench-lazy", "default WRITE_DELAY (for comparison only)",
                    dir, Math.min(2, options.warmupSeconds()), Math.min(5, options.measureSeconds()));
        }
    }

    // ---- (c) latency -------------------------------------------------------------------------

    private void latency(Workspace workspace) {
        int most = options.subscribers().stream().max(Comparator.naturalOrder()).orElse(1);
        progress("latency: creating " + most + " listeners and one speaker (bcrypt: a few seconds)");
        List<RestClient> listeners = workspace.users("listener", most);
        RestClient speaker = workspace.users("speaker", 1).get(0);
        List<String> members = new ArrayList<>(names("listener", most));
        members.add("speaker1");
        String roomId = workspace.channel("bench-latency", members);
        DeliveryLatency latency = new DeliveryLatency(new PacedPoster(speaker, roomId), options.rate(),
                Math.min(3, options.warmupSeconds()), options.latencySeconds());
        HttpClient sockets = RestClient.newHttp();
        report.section(String.format("(c) Post → DDP frame latency, %d posts/s for %.0f s, room of %d members",
                options.rate(), options.latencySeconds(), members.size() + 1));
        for (int count : options.subscribers()) {
            progress("latency: " + count + " subscriber(s)");
            List<DdpSubscriber> subscribers = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    RestClient l = listeners.get(i);
                    subscribers.add(DdpSubscriber.open(sockets, l.baseUrl(), "listener" + (i + 1), l.token(), roomId));
                }
                reportLatency(latency.run("s" + count, subscribers));
            } finally {
                subscribers.forEach(DdpSubscriber::close);
            }
        }
    }

    private void reportLatency(DeliveryLatency.Result r) {
        report.line("%d subscriber(s), %.0f posts/s achieved, %d of %d frames missing, %d POSTs failed%s", r.subscribers(),
                r.postedPerSecond(), r.framesMissing(), r.framesExpected(), r.postFailures(),
                r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
        long posts = r.framesExpected() / r.subscribers();
        report.line("  per post: server CPU %.3f ms, server allocation %.0f KiB; %s", r.cpu().serverNanos() / 1e6 / posts,
                r.cpu().serverBytes() / 1024.0 / posts, r.cpu());
        report.line("  post → frame, every subscriber:  %s", r.delivery());
        report.line("  post → frame, last subscriber:   %s", r.lastSubscriber());
        report.line("  POST answered:                   %s", r.postAnswer());
        report.line("  DDP ping RTT, idle (baseline):   %s", r.idlePing());
        report.line("  DDP ping RTT, during the posts:  %s", r.loadedPing());
        report.line("  ratio delivery / idle ping: p50 %s, p99 %s; delivery / loaded ping: p50 %s, p99 %s",
                Report.ratio(r.delivery().p50(), r.idlePing().p50()), Report.ratio(r.delivery().p99(), r.idlePing().p99()),
                Report.ratio(r.delivery().p50(), r.loadedPing().p50()), Report.ratio(r.delivery().p99(), r.loadedPing().p99()));
        String key = "subs" + r.subscribers();
        report.summary(key + "_delivery_p50_ms", r.delivery().p50());
        report.summary(key + "_delivery_p99_ms", r.delivery().p99());
        report.summary(key + "_post_p99_ms", r.postAnswer().p99());
        report.summary(key + "_ping_idle_p50_ms", r.idlePing().p50());
        report.summary(key + "_ping_idle_p99_ms", r.idlePing().p99());
        report.summary(key + "_ping_loaded_p99_ms", r.loadedPing().p99());
        report.summary(key + "_server_cores", r.cpu().serverCores());
        report.summary(key + "_driver_cores", r.cpu().clientCores());
        report.summary(key + "_jvm_cores", r.cpu().jvmCores());
        report.summary(key + "_other_cores", r.cpu().otherCores());
        if (r.subscribers() == 100) {
            report.atMost("post → DDP frame p99, 100 subscribers at " + options.rate() + " msg/s", r.delivery().p99(),
                    Report.TARGET_P99_MS, "ms");
        }
    }

    // ---- (a) start-up and (d) memory ---------------------------------------------------------

    private void startupAndMemory(double coldStart) {
        if (options.jar().isEmpty()) {
            report.section("(a, d) fedchat.jar start-up and memory: skipped (--no-jar)");
            report.atMost("start-up, in-process, cold JVM", coldStart, Report.TARGET_START_MS, "ms");
            return;
        }
        progress("start-up and idle memory of " + options.jar().get());
        ProcessProbes.Result p = ProcessProbes.run(options.jar().get(), workDir.resolve("jar").resolve("data"));
        report.section("(a) Start-up of java -jar " + options.jar().get() + " serve, in its own process, without JVM flags");
        report.line("spawn → first 200 from /api/info, new data dir:      %7.0f ms", p.jarFreshMs());
        report.line("spawn → first 200 from /api/info, existing data dir: %7.0f ms", p.jarRestartMs());
        report.line("bare JVM: spawn → first output (baseline):           %7.0f ms", p.bareJvmMs());
        report.line("ratio jar start (new data dir) / bare JVM start: %s", Report.ratio(p.jarFreshMs(), p.bareJvmMs()));
        report.section("(d) Idle resident memory (VmRSS) of that process");
        report.line("server idle, 3 s after start:     %6.0f MiB", p.serverRssBeforeGcMiB());
        report.line("server idle, after a full GC:     %6.0f MiB", p.serverRssMiB());
        report.line("bare JVM after a full GC (baseline): %3.0f MiB", p.bareJvmRssMiB());
        report.line("ratio server / bare JVM: %s", Report.ratio(p.serverRssMiB(), p.bareJvmRssMiB()));
        report.summary("start_jar_fresh_ms", p.jarFreshMs());
        report.summary("start_jar_restart_ms", p.jarRestartMs());
        report.summary("start_bare_jvm_ms", p.bareJvmMs());
        report.summary("rss_idle_before_gc_mib", p.serverRssBeforeGcMiB());
        report.summary("rss_idle_mib", p.serverRssMiB());
        report.summary("rss_bare_jvm_mib", p.bareJvmRssMiB());
        report.atMost("start-up, java -jar with a new data dir", p.jarFreshMs(), Report.TARGET_START_MS, "ms");
        report.atMost("start-up, in-process, cold JVM", coldStart, Report.TARGET_START_MS, "ms");
        report.atMost("idle resident memory after GC", p.serverRssMiB(), Report.TARGET_IDLE_RSS_MIB, "MiB");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static ServerConfig config(Path dataDir) {
        return ServerConfig.embedded(dataDir, 0)
                .withAdmin(new ServerConfig.AdminBootstrap(ADMIN, ADMIN_PASSWORD, "admin@bench.example"));
    }

    private static List<String> names(String prefix, int count) {
        return Stream.iterate(1, i -> i + 1).limit(count).map(i -> prefix + i).toList();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static final long STARTED = System.nanoTime();

    private static void progress(String what) {
        System.err.printf(java.util.Locale.ROOT, "[bench %5.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, what);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
