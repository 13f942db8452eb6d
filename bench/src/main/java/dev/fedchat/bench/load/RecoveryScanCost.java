package dev.fedchat.bench.load;

import dev.fedchat.protocol.storage.H2CrashRecovery;
import dev.fedchat.server.config.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * What the scan after an unclean stop costs at start-up (issue 12, docs/benchmarks.md "Crash
 * recovery"): for each H2 file given as a kill left it, the first open as H2 does it alone,
 * against {@link H2CrashRecovery#beforeOpen} followed by that open, each on a fresh copy, three
 * times, medians. Prints the messages each way finds, which is the point of the scan.
 *
 * <p>Run: {@code java -cp bench/target/fedchat-bench.jar dev.fedchat.bench.load.RecoveryScanCost
 * <fedchat.mv.db>...} (files with a {@code messages} table, e.g. a server's data directory after
 * {@code kill -9}).
 */
public final class RecoveryScanCost {
    private static final int RUNS = 3;

    private RecoveryScanCost() {}

    public static void main(String[] files) throws Exception {
        System.out.println("| file | H2's open alone | scan, then open | ratio | messages found: alone / after scan |");
        System.out.println("|---|---|---|---|---|");
        for (String file : files) {
            Path crashed = Path.of(file);
            long[] alone = new long[RUNS];
            long[] scanned = new long[RUNS];
            long foundAlone = 0;
            long foundScanned = 0;
            for (int run = 0; run < RUNS; run++) {
                Path dir = copy(crashed);
                long start = System.nanoTime();
                foundAlone = openAndCount(url(dir));
                alone[run] = System.nanoTime() - start;
                delete(dir);

                dir = copy(crashed);
                start = System.nanoTime();
                H2CrashRecovery.beforeOpen(url(dir));
                foundScanned = openAndCount(url(dir));
                scanned[run] = System.nanoTime() - start;
                delete(dir);
            }
            double a = median(alone) / 1e6;
            double s = median(scanned) / 1e6;
            System.out.printf("| %.1f MiB | %.0f ms | %.0f ms | %.2f | %d / %d |%n", Files.size(crashed) / 1048576.0, a, s,
                    s / a, foundAlone, foundScanned);
        }
    }

    /** A fresh copy, as {@code fedchat.mv.db} in a temporary directory. */
    private static Path copy(Path crashed) throws IOException {
        Path dir = Files.createTempDirectory("recovery-scan-cost");
        Files.copy(crashed, dir.resolve("fedchat.mv.db"));
        return dir;
    }

    /** The URL the server opens its embedded database with. */
    private static String url(Path dir) {
        return DatabaseConfig.embedded(dir).url();
    }

    private static long openAndCount(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The copy and what H2 put beside it (a flat directory). */
    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
