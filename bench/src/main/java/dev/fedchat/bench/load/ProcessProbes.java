package dev.fedchat.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Start-up time and idle resident memory of the real {@code fedchat.jar} in its own process, next
 * to a bare JVM (same launcher, no server) as the baseline.
 */
final class ProcessProbes {
    /** Time for start-up leftovers (JIT, Jetty's first idle scans) to settle before memory is read. */
    private static final long SETTLE_NANOS = 3_000_000_000L;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private ProcessProbes() {}

    /**
     * @param jarFreshMs    spawn → first 200 from {@code /api/info}, empty data directory (migrations run)
     * @param jarRestartMs  the same on the data directory the first start left
     * @param bareJvmMs     spawn → the bare JVM's first line of output
     * @param serverRssBeforeGcMiB / serverRssMiB  idle server, before and after a full GC
     * @param bareJvmRssMiB the bare JVM after a full GC
     */
    record Result(double jarFreshMs, double jarRestartMs, double bareJvmMs, double serverRssBeforeGcMiB,
                  double serverRssMiB, double bareJvmRssMiB) {}

    static Result run(Path jar, Path dataDir) {
        createDirectories(dataDir);
        double bareMs;
        double bareRss;
        try (ChildJvm bare = ChildJvm.start(List.of("-cp", System.getProperty("java.class.path"),
                IdleJvm.class.getName()), null)) {
            bareMs = bare.awaitLine("ready");
            bareRss = settledRss(bare);
        }
        double fresh;
        int port = freePort();
        try (ChildJvm server = startServer(jar, dataDir, port)) {
            fresh = server.awaitHttp(infoUrl(port), START_TIMEOUT);
        }
        double restart;
        double before;
        double after;
        port = freePort();
        try (ChildJvm server = startServer(jar, dataDir, port)) {
            restart = server.awaitHttp(infoUrl(port), START_TIMEOUT);
            LockSupport.parkNanos(SETTLE_NANOS);
            before = server.rssMiB();
            after = settledRss(server);
        }
        return new Result(fresh, restart, bareMs, before, after, bareRss);
    }

    private static double settledRss(ChildJvm jvm) {
        jvm.gc();
        LockSupport.parkNanos(SETTLE_NANOS / 3);
        return jvm.rssMiB();
    }

    /** {@code java -jar fedchat.jar serve}, as an operator starts it (no JVM flags). */
    private static ChildJvm startServer(Path jar, Path dataDir, int port) {
        return ChildJvm.start(List.of("-jar", jar.toAbsolutePath().toString(), "serve", "--port", String.valueOf(port),
                "--host", "127.0.0.1", "--data-dir", dataDir.toString()), dataDir.resolveSibling("server.log"));
    }

    private static String infoUrl(int port) {
        return "http://127.0.0.1:" + port + "/api/info";
    }

    private static void createDirectories(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
