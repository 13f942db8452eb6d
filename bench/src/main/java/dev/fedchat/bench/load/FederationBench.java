package dev.fedchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The federation benchmark ({@code bench/federation.sh}): how fast one fedchat server delivers
 * events to another on this machine, next to what the RSA codec allows and to a Rocket.Chat-style
 * delivery of one event per request, all measured in the same run (issue 4 §6). See
 * {@code docs/benchmarks.md}, section "Federation".
 *
 * <p>Order: set-up ({@link FederationSetup}); the RSA rates while the servers idle; the baseline
 * (alpha delivering one event per request) after its own warm-up; alpha restarted with the default
 * batch, a warm-up, then the throughput runs ({@link FederatedThroughput}), the post → remote DDP
 * frame latency ({@link DeliveryLatency}) and the lane alone after an outage of beta
 * ({@link OutageDrain}, beta's federation switched off and on); then a dead third domain with a
 * backlog on alpha, the throughput and latency with it, and the throughput once more without it
 * (gamma revived until alpha's queue for it is empty, then stopped again), so the dead-domain run
 * is bracketed by runs without. Last, the servers stop, the RSA rates are timed again, and the
 * real size of the events sent is read from alpha's database ({@link EventSizes}), which turns the
 * rates into a ceiling in events per second ({@link CryptoCeiling}).
 *
 * <p>Progress goes to stderr, the report to stdout. Every process started is stopped, and the
 * temporary directory deleted, on every exit, Ctrl-C included (a shutdown hook).
 */
public final class FederationBench {
    /** The default delivery batch ({@code DeliveryConfig.DEFAULTS}), the one the throughput target is about. */
    private static final int BATCH = 50;
    private static final double TARGET_EVENTS_PER_SECOND = 500;
    private static final double TARGET_CEILING_PERCENT = 70;
    private static final double TARGET_P99_MS = 100;
    private static final double LATENCY_WARMUP_SECONDS = 3;
    private static final long STARTED = System.nanoTime();

    private final FederationOptions options;
    private final Path workDir;
    private final Report report = new Report();
    private final HttpClient sockets = RestClient.newHttp();
    /** Set once the servers run; read by the shutdown hook. */
    private volatile FederationSetup setup;
    /** bob1's subscription on beta. Main thread only. */
    private DdpSubscriber bob;

    private FederationBench(FederationOptions options, Path workDir) {
        this.options = options;
        this.workDir = workDir;
    }

    public static void main(String[] args) throws IOException {
        FederationOptions options;
        try {
            options = FederationOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path workDir = Files.createTempDirectory("fedchat-federation-bench");
        FederationBench bench = new FederationBench(options, workDir);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::cleanUp, "bench-cleanup"));
        int status = 0;
        try {
            bench.run();
        } catch (RuntimeException e) {
            progress("FAILED: " + e);
            e.printStackTrace();
            bench.printLogTails();
            status = 1;
        }
        System.exit(status); // runs the cleanup hook; the JDK HTTP clients' threads would otherwise keep the JVM
    }

    private void run() {
        report.section("Machine");
        Report.machine().forEach(l -> report.line("%s", l));
        report.line("options: %s", options);
        CryptoCeiling crypto = CryptoCeiling.ofProviderInUse();
        report.line("crypto provider (CryptoProvider.preferNative, as the servers pick it): %s", crypto.providerName());

        boolean baseline = options.baselineMessages() > 0;
        progress("starting dnsmasq and " + (options.deadDomain() ? "three" : "two") + " servers"
                + (baseline ? " (alpha with one event per request, for the baseline)" : ""));
        setup = new FederationSetup(workDir);
        setup.start(options, baseline ? Map.of(FederationSetup.BATCH_SIZE_ENV, "1") : Map.of());
        report.section("Set-up");
        report.line("servers (java -jar %s serve, own JVMs), spawn → ready: %s", options.jar(), setup.startMillis().entrySet()
                .stream().map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue())).toList());
        report.line("federated DM alice1@%s ↔ bob1@%s: %s", FederationSetup.ALPHA, FederationSetup.BETA, setup.dm());
        if (options.deadDomain()) {
            report.line("federated DM alice1@%s ↔ carol1@%s: %s; %s stopped after the DM was created (its DNS records stay)",
                    FederationSetup.ALPHA, FederationSetup.GAMMA, setup.deadDm(), FederationSetup.GAMMA);
        }

        progress("timing RSA-2048 private-key operations (" + crypto.providerName() + ") while the servers idle");
        CryptoCeiling.Rates early = crypto.rates(options.cryptoSeconds());

        try {
            bob = subscribeBob();
            FederatedThroughput.Result one = baseline ? baseline() : null;
            List<FederatedThroughput.Result> runs = throughput();
            DeliveryLatency.Result latency = latency("lat");
            OutageDrain.Result outage = outage();
            FederatedThroughput.Result dead = null;
            FederatedThroughput.Result afterDead = null;
            DeliveryLatency.Result deadLatency = null;
            if (options.deadDomain()) {
                deadBacklog();
                dead = throughputRun("dead third domain with a backlog on alpha", "d1-", options.messages());
                deadLatency = latency("latd");
                reportDeadPeer();
                emptyDeadQueue();
                afterDead = throughputRun("no dead domain again (gamma's backlog delivered, gamma stopped)", "a1-",
                        options.messages());
            }
            progress("stopping the servers; reading the size of the events alpha sent from its database");
            bob.close();
            bob = null;
            setup.stopServers();
            EventSizes.Sizes sizes = EventSizes.of(setup.server(FederationSetup.ALPHA).dataDir(), setup.dm());
            progress("timing RSA-2048 private-key operations again, the servers stopped; then PayloadCipher seal + open of"
                    + " batches of that size");
            CryptoCeiling.Rates late = crypto.rates(options.cryptoSeconds());
            ceilings(crypto, early, late, sizes, runs, outage, one);
            latencyTargets(latency, deadLatency);
            deadDomainTarget(runs.get(runs.size() - 1), dead, afterDead, latency, deadLatency);
        } finally {
            if (bob != null) {
                bob.close();
            }
        }
        report.section("End");
        report.line("load average at end: %s", Report.loadAverage());
        report.print();
    }

    // ---- the runs -----------------------------------------------------------------------------

    /** bob1's DDP subscription to the DM on beta: where a message counts as delivered. */
    private DdpSubscriber subscribeBob() {
        return DdpSubscriber.open(sockets, setup.server(FederationSetup.BETA).url(), "bob1", setup.bob().token(), setup.dm());
    }

    /** Alpha started with a batch of 1: a warm-up, then the measured run; alpha restarts with the default after. */
    private FederatedThroughput.Result baseline() {
        int warm = Math.min(options.warmupMessages(), options.baselineMessages());
        if (warm > 0) {
            progress("baseline warm-up: " + warm + " messages, one event per request");
            warmup("bw-", warm);
        }
        FederatedThroughput.Result one = throughputRun("baseline: one event per request (Rocket.Chat-style)", "b-",
                options.baselineMessages());
        progress("restarting alpha with the default delivery batch (" + BATCH + ")");
        double ms = setup.restartAlpha(Map.of());
        report.line("alpha restarted with the default batch in %.0f ms", ms);
        return one;
    }

    private List<FederatedThroughput.Result> throughput() {
        if (options.warmupMessages() > 0) {
            progress("warm-up: " + options.warmupMessages() + " messages");
            warmup("w-", options.warmupMessages());
        }
        return IntStream.rangeClosed(1, options.repeats())
                .mapToObj(i -> throughputRun("batches of " + BATCH + ", run " + i, "t" + i + "-", options.messages()))
                .toList();
    }

    private void warmup(String prefix, int count) {
        FederatedThroughput.Result r = FederatedThroughput.run(prefix, count, posters(), setup.dm(), bob, this::cpuWindow,
                timeoutFor(count));
        report.line("warm-up %s: %d messages, %.0f events/s delivered, %d missing", prefix, count, r.eventsPerSecond(), r.missing());
    }

    private FederatedThroughput.Result throughputRun(String label, String prefix, int count) {
        progress("throughput, " + label + ": " + count + " messages from " + options.posters() + " posters");
        RestClient admin = setup.server(FederationSetup.ALPHA).admin();
        JsonNode before = setup.deliveries(admin).get(FederationSetup.BETA);
        FederatedThroughput.Result r = FederatedThroughput.run(prefix, count, posters(), setup.dm(), bob, this::cpuWindow,
                timeoutFor(count));
        JsonNode after = setup.deliveries(admin).get(FederationSetup.BETA);
        long out = after.path("eventsOut").asLong() - (before == null ? 0 : before.path("eventsOut").asLong());
        report.section("Throughput alpha → beta, " + label);
        report.line("%d messages posted by %d clients in %.2f s (%.0f posts/s, %d failed%s)", r.events(), options.posters(),
                r.postSeconds(), r.postedPerSecond(), r.postFailures(), r.firstError() == null ? "" : ", first: " + r.firstError());
        report.line("first POST → last message pushed to bob1 on beta: %.2f s → %.0f events/s delivered (%d missing)",
                r.deliverSeconds(), r.eventsPerSecond(), r.missing());
        report.line("backlog after the last POST: %d events drained in %.2f s → %s", r.drainEvents(), r.drainSeconds(),
                Double.isNaN(r.drainPerSecond()) ? "too few to time" : String.format(Locale.ROOT, "%.0f events/s with nobody posting",
                        r.drainPerSecond()));
        report.line("per message, POST sent → frame on beta (queueing included): %s", r.latency());
        report.line("alpha's federation.deliveries for beta: eventsOut +%d, pending %d after", out, after.path("pending").asLong());
        report.line("whole run: %s; CPU per message: alpha %.2f ms, beta %.2f ms", r.cpu(), r.cpu().msPerEvent("alpha", r.events()),
                r.cpu().msPerEvent("beta", r.events()));
        if (r.drainEvents() > 0) {
            report.line("backlog drain: %s; CPU per event: alpha %.2f ms, beta %.2f ms", r.drainCpu(),
                    r.drainCpu().msPerEvent("alpha", r.drainEvents()), r.drainCpu().msPerEvent("beta", r.drainEvents()));
        }
        return r;
    }

    /** The lane alone: a backlog built while beta was away, sent when it is back. */
    private OutageDrain.Result outage() {
        progress("outage: beta's federation off, " + options.messages() + " messages posted on alpha, federation on,"
                + " alpha told to retry");
        OutageDrain.Result r = OutageDrain.run("o-", options.messages(), posters(), setup.dm(), FederationSetup.BETA,
                setup.server(FederationSetup.BETA).admin(), setup.server(FederationSetup.ALPHA).admin(), bob, this::cpuWindow);
        report.section("Backlog after an outage of beta (the delivery lane alone, batches of " + BATCH + ")");
        report.line("%d messages posted while beta refused federation requests (%.2f s; alpha's failed attempts: %d)",
                r.posted(), r.postSeconds(), r.failedAttempts());
        report.line("%d events queued at the retry call → all sent and the last pushed to bob1 in %.2f s → %.0f events/s"
                + " (%d of the backlog seen by bob1)", r.pendingAtRetry(), r.drainSeconds(), r.eventsPerSecond(), r.framesSeen());
        report.line("%s; CPU per event: alpha %.2f ms, beta %.2f ms", r.cpu(), r.cpu().msPerEvent("alpha", (int) r.pendingAtRetry()),
                r.cpu().msPerEvent("beta", (int) r.pendingAtRetry()));
        report.summary("outage_drain_events_per_s", r.eventsPerSecond());
        return r;
    }

    private List<RestClient> posters() {
        List<RestClient> posters = new ArrayList<>();
        for (int i = 0; i < options.posters(); i++) {
            posters.add(setup.alice());
        }
        return posters;
    }

    private ProcessCpu cpuWindow() {
        return ProcessCpu.start(setup.pids());
    }

    private static double timeoutFor(int count) {
        return Math.max(60, count / 20.0);
    }

    /** Post → frame on beta (bob1) and, as the same-run baseline, on alpha (alice1's own socket). */
    private DeliveryLatency.Result latency(String label) {
        progress("latency (" + label + "): " + options.rate() + " posts/s for " + options.latencySeconds() + " s");
        try (DdpSubscriber alice = DdpSubscriber.open(sockets, setup.server(FederationSetup.ALPHA).url(), "alice1",
                setup.alice().token(), setup.dm())) {
            DeliveryLatency run = new DeliveryLatency(new PacedPoster(setup.alice(), setup.dm()), options.rate(),
                    LATENCY_WARMUP_SECONDS, options.latencySeconds());
            ProcessCpu cpu = cpuWindow();
            DeliveryLatency.Result r = run.run(label, List.of(bob, alice));
            ProcessCpu.Usage used = cpu.stop();
            Samples.Summary remote = r.bySubscriber().get(0);
            Samples.Summary local = r.bySubscriber().get(1);
            report.section(String.format(Locale.ROOT, "Post → DDP frame, %d posts/s for %.0f s (%s)%s", options.rate(),
                    options.latencySeconds(), label, label.equals("lat") ? "" : ", dead third domain with a backlog on alpha"));
            report.line("%.0f posts/s achieved, %d of %d frames missing, %d POSTs failed%s", r.postedPerSecond(), r.framesMissing(),
                    r.framesExpected(), r.postFailures(), r.firstError() == null ? "" : " (first: " + r.firstError() + ")");
            report.line("post on alpha → frame on beta (bob1):              %s", remote);
            report.line("post on alpha → frame on alpha (alice1), baseline: %s", local);
            report.line("ratio remote / local: p50 %s, p99 %s", Report.ratio(remote.p50(), local.p50()),
                    Report.ratio(remote.p99(), local.p99()));
            report.line("POST answered:                     %s", r.postAnswer());
            report.line("DDP ping RTT (both sockets), idle: %s", r.idlePing());
            report.line("DDP ping RTT, during the posts:    %s", r.loadedPing());
            report.line("whole window (warm-up and pings included): %s", used);
            report.summary(label + "_remote_p50_ms", remote.p50());
            report.summary(label + "_remote_p99_ms", remote.p99());
            report.summary(label + "_local_p50_ms", local.p50());
            report.summary(label + "_local_p99_ms", local.p99());
            return r;
        }
    }

    /** Alpha queues {@code messages} events for the dead gamma: its queue fails, backs off and holds them. */
    private void deadBacklog() {
        progress("dead domain: posting " + options.messages() + " messages to the DM with carol1@gamma.test (gamma is down)");
        FederatedThroughput.Posted p = FederatedThroughput.post("g-", options.messages(), posters(), setup.deadDm());
        report.section("Dead third domain");
        report.line("%d messages posted to the DM with carol1@%s in %.2f s (%d failed): alpha queues them for the dead peer",
                options.messages(), FederationSetup.GAMMA, p.seconds(), p.failures());
        reportDeadPeer();
    }

    /** Gamma comes back until alpha has delivered its backlog, then is stopped again: alpha's queue for it is empty. */
    private void emptyDeadQueue() {
        progress("gamma back until alpha's backlog for it is delivered, then stopped again");
        PeerServer gamma = setup.server(FederationSetup.GAMMA);
        gamma.start(Map.of());
        RestClient admin = setup.server(FederationSetup.ALPHA).admin();
        long start = System.nanoTime();
        admin.post("/api/v1/federation.deliveries.retry", Map.of("domain", FederationSetup.GAMMA));
        long pending = Long.MAX_VALUE;
        while (pending > 0 && System.nanoTime() - start < TimeUnit.MINUTES.toNanos(5)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            pending = setup.deliveries(admin).get(FederationSetup.GAMMA).path("pending").asLong();
        }
        gamma.stop();
        report.line("gamma started again: alpha delivered its backlog in %.1f s (%d left); gamma stopped again",
                (System.nanoTime() - start) / 1e9, pending);
    }

    private void reportDeadPeer() {
        JsonNode gamma = setup.deliveries(setup.server(FederationSetup.ALPHA).admin()).get(FederationSetup.GAMMA);
        if (gamma != null) {
            report.line("alpha's queue for %s: pending %d, consecutive failures %d, last error: %s", FederationSetup.GAMMA,
                    gamma.path("pending").asLong(), gamma.path("failures").asLong(), gamma.path("lastError").asText());
        }
    }

    // ---- ceilings, ratios and targets -----------------------------------------------------------

    /**
     * The RSA rates are timed twice, after the set-up and after the servers stopped; the ceiling
     * uses the faster of the two (the machine's best, so a share of it is not flattered by a moment
     * when other work slowed the timing down).
     */
    private void ceilings(CryptoCeiling crypto, CryptoCeiling.Rates early, CryptoCeiling.Rates late, EventSizes.Sizes sizes,
                          List<FederatedThroughput.Result> runs, OutageDrain.Result outage, FederatedThroughput.Result one) {
        CryptoCeiling.Batch full = CryptoCeiling.batch(BATCH, sizes.averageBytes());
        CryptoCeiling.Rates rates = full.ceiling(early) >= full.ceiling(late) ? early : late;
        CryptoCeiling.Batch single = CryptoCeiling.batch(1, sizes.averageBytes());
        double fullCodecMs = crypto.codecMillis(full);
        double ceiling = full.ceiling(rates);
        report.section("Crypto ceiling (RSA-2048, " + rates.provider() + ", measured in this run)");
        for (CryptoCeiling.Rates r : List.of(early, late)) {
            report.line("%s: one thread %.0f signatures/s (PKCS#1 v1.5), %.0f decryptions/s (OAEP); two threads at once %.0f"
                            + " private operations/s%s", r == early ? "servers idle after the set-up" : "servers stopped at the end  ",
                    r.signPerSecond(), r.decryptPerSecond(), r.twoThreadsPerSecond(), r == rates ? " (used below)" : "");
        }
        report.line("a lane does one private operation at a time: the sender signs, then the receiver decrypts");
        report.line("message events alpha sent: %d, %.0f bytes each on average (federation_events.wire)", sizes.count(),
                sizes.averageBytes());
        for (CryptoCeiling.Batch b : List.of(full, single)) {
            double ms = b == full ? fullCodecMs : crypto.codecMillis(b);
            report.line("batch of %d: %d plaintext bytes → %d private ops on the sender + %d on the receiver = %.2f per event;"
                            + " ceiling %.0f events/s; measured PayloadCipher seal + open %.2f ms → %.0f events/s", b.events(),
                    b.plaintextBytes(), b.senderOps(), b.receiverOps(), b.privateOpsPerEvent(), b.ceiling(rates), ms,
                    b.events() / (ms / 1000));
        }
        double best = runs.stream().mapToDouble(FederatedThroughput.Result::eventsPerSecond).max().orElse(0);
        double mean = runs.stream().mapToDouble(FederatedThroughput.Result::eventsPerSecond).average().orElse(0);
        double lane = outage.eventsPerSecond();
        report.section("Ratios");
        report.line("posting and delivering at once, batches of %d: %s events/s; / crypto ceiling: %s (best), %s (mean)", BATCH,
                runs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.eventsPerSecond())).toList(),
                Report.ratio(best, ceiling), Report.ratio(mean, ceiling));
        report.line("the lane alone (backlog after an outage): %.0f events/s; / crypto ceiling: %s", lane, Report.ratio(lane, ceiling));
        if (one != null) {
            report.line("one event per request (baseline): %.0f events/s posting and delivering (%s with nobody posting);"
                            + " / its crypto ceiling: %s; batches / baseline: %s", one.eventsPerSecond(),
                    Double.isNaN(one.drainPerSecond()) ? "n/a" : String.format(Locale.ROOT, "%.0f", one.drainPerSecond()),
                    Report.ratio(one.eventsPerSecond(), single.ceiling(rates)), Report.ratio(mean, one.eventsPerSecond()));
            if (!Double.isNaN(one.drainPerSecond())) {
                report.line("lane alone, batches / baseline: %s", Report.ratio(lane, one.drainPerSecond()));
                report.summary("baseline_drain_events_per_s", one.drainPerSecond());
            }
            report.summary("baseline_events_per_s", one.eventsPerSecond());
        }
        report.summary("sign_per_s", rates.signPerSecond());
        report.summary("decrypt_per_s", rates.decryptPerSecond());
        report.summary("event_bytes", sizes.averageBytes());
        report.summary("ceiling_events_per_s", ceiling);
        report.summary("codec_ceiling_events_per_s", BATCH / (fullCodecMs / 1000));
        report.summary("events_per_s_best", best);
        report.summary("events_per_s_mean", mean);
        report.atLeast("events/s alpha → beta while posting (best of " + runs.size() + " runs)", best,
                TARGET_EVENTS_PER_SECOND, "events/s");
        report.atLeast("events/s alpha → beta, the lane alone (after an outage)", lane, TARGET_EVENTS_PER_SECOND, "events/s");
        report.atLeast("share of the crypto ceiling while posting (best run)", 100 * best / ceiling, TARGET_CEILING_PERCENT, "%");
        report.atLeast("share of the crypto ceiling, the lane alone", 100 * lane / ceiling, TARGET_CEILING_PERCENT, "%");
    }

    private void latencyTargets(DeliveryLatency.Result latency, DeliveryLatency.Result dead) {
        report.atMost("post → remote DDP frame p99 at " + options.rate() + " msg/s", latency.bySubscriber().get(0).p99(),
                TARGET_P99_MS, "ms");
        if (dead != null) {
            report.atMost("post → remote DDP frame p99 at " + options.rate() + " msg/s, dead third domain",
                    dead.bySubscriber().get(0).p99(), TARGET_P99_MS, "ms");
        }
    }

    /**
     * "No slower with a dead domain": the run with it against the runs without it just before and
     * just after, so a drift of the machine (JIT, other builds) shows as their spread; met when it
     * is at least as fast as the slower of the two.
     */
    private void deadDomainTarget(FederatedThroughput.Result before, FederatedThroughput.Result dead,
                                  FederatedThroughput.Result after, DeliveryLatency.Result latency,
                                  DeliveryLatency.Result deadLatency) {
        if (dead == null) {
            return;
        }
        double slower = Math.min(before.eventsPerSecond(), after.eventsPerSecond());
        double faster = Math.max(before.eventsPerSecond(), after.eventsPerSecond());
        double mean = (before.eventsPerSecond() + after.eventsPerSecond()) / 2;
        report.section("Dead third domain: ratios");
        report.line("throughput with / without: %s (against the mean of the runs without just before and after), %s (against the"
                + " slower of them)", Report.ratio(dead.eventsPerSecond(), mean), Report.ratio(dead.eventsPerSecond(), slower));
        report.line("backlog drain with / without: %s / %s events/s", fmt(dead.drainPerSecond()),
                fmt((before.drainPerSecond() + after.drainPerSecond()) / 2));
        report.line("post → remote frame with / without: p50 %s, p99 %s", Report.ratio(deadLatency.bySubscriber().get(0).p50(),
                latency.bySubscriber().get(0).p50()), Report.ratio(deadLatency.bySubscriber().get(0).p99(),
                latency.bySubscriber().get(0).p99()));
        report.summary("dead_events_per_s", dead.eventsPerSecond());
        report.summary("dead_ratio_to_mean", dead.eventsPerSecond() / mean);
        report.verdict("delivery to the live peer with a dead third domain no slower than without", dead.eventsPerSecond() >= slower,
                String.format(Locale.ROOT, "%.0f events/s against %.0f and %.0f without, just before and after",
                        dead.eventsPerSecond(), before.eventsPerSecond(), after.eventsPerSecond()),
                String.format(Locale.ROOT, "%.0f%% below the slower run without", 100 * (1 - dead.eventsPerSecond() / slower)));
        if (faster > 0) {
            report.summary("without_spread", faster / slower);
        }
    }

    private static String fmt(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
    }

    // ---- process hygiene ------------------------------------------------------------------------

    private void cleanUp() {
        FederationSetup s = setup;
        if (s != null) {
            s.close();
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + workDir + ": " + e);
        }
    }

    private void printLogTails() {
        FederationSetup s = setup;
        if (s == null) {
            return;
        }
        for (Path log : s.logs()) {
            try {
                List<String> lines = Files.readAllLines(log);
                System.err.println("---- last lines of " + log.getFileName());
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(System.err::println);
            } catch (IOException e) {
                System.err.println("---- no log at " + log);
            }
        }
    }

    private static void progress(String what) {
        System.err.printf(Locale.ROOT, "[federation-bench %6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9, what);
    }
}
