package dev.fedchat.app;

import static dev.fedchat.server.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Databases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a server answered 200 survives {@code kill -9} (issue 12): the real jar, on H2 and on
 * PostgreSQL, killed with SIGKILL many times at random moments while clients post, started again
 * on the same data each time; afterwards every post that was answered 200 is there exactly once.
 *
 * <p>The posts go into a DM with a user of beta, a second server that is stopped before the first
 * kill: its records still resolve and its port refuses connections, so alpha's delivery queue
 * stores its outbox and backoff state in transactions of their own while the posts commit —
 * the condition under which the loss was seen. A login and a read mark run beside the posts too.
 *
 * <p>The kill points come from a seeded {@link Random}; the seed is printed and named in every
 * failure, and {@code -Dfedchat.crash.seed=N} replays it ({@code -Dfedchat.crash.kills=N} changes
 * how many kills a database gets).
 */
class KillDuringPostingIT {
    private static final String PASSWORD = "crash-test-pass";
    private static final int POSTERS = 4;
    /** A kill lands once this many posts (at most) of the round have been answered. */
    private static final int MOST_POSTS_BEFORE_KILL = 300;

    private final long seed = Long.getLong("fedchat.crash.seed", System.nanoTime());
    private final int kills = Integer.getInteger("fedchat.crash.kills", 8);
    private Path dir;
    private Dnsmasq dns;
    private Process alpha;
    private Process beta;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("fedchat-crash-it");
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (Process p : new Process[] {alpha, beta}) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
        if (dns != null) {
            dns.close();
        }
        FedchatJar.deleteTree(dir);
    }

    static List<String> databases() {
        return Databases.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyPostAnswered200_survivesKillsAtRandomPoints_exactlyOnce(String database) throws Exception {
        System.out.println("KillDuringPostingIT on " + database + ": seed " + seed + ", " + kills + " kills");
        Random random = new Random(seed);
        try (Databases.Target target = Databases.open(database)) {
            DatabaseConfig db = target.config(dir.resolve("alpha"));
            int alphaPort = FedchatJar.freePort();
            int betaPort = FedchatJar.freePort();
            dns = Dnsmasq.records().start(); // the servers need its port, and it needs theirs: empty first
            beta = serve("beta", betaPort, null, "bob", dir.resolve("beta-0.log"));
            alpha = serve("alpha", alphaPort, db, "alice", dir.resolve("alpha-0.log"));
            awaitServing(beta, dir.resolve("beta-0.log"));
            awaitServing(alpha, dir.resolve("alpha-0.log"));
            dns = dns.restart(Dnsmasq.records().ttl(3600).srv("_rocketchat._http.alpha.test", "localhost", alphaPort, 1, 1)
                    .txt("rocketchat-public-key.alpha.test", TestKeys.pieces(publicKey(alphaPort), 255))
                    .srv("_rocketchat._http.beta.test", "localhost", betaPort, 1, 1)
                    .txt("rocketchat-public-key.beta.test", TestKeys.pieces(publicKey(betaPort), 255)));

            ApiClient alice = new ApiClient("http://127.0.0.1:" + alphaPort).login("alice", PASSWORD);
            String dm = alice.post("/api/v1/im.create", obj("username", "bob@beta.test")).expectOk()
                    .path("room").path("_id").asText();
            beta.destroy();
            assertThat(beta.waitFor(30, TimeUnit.SECONDS)).as("beta stopped").isTrue();

            Map<String, Integer> answeredInRound = new TreeMap<>();
            List<String> answered = new ArrayList<>();
            for (int round = 1; round <= kills; round++) {
                int killAfter = 1 + random.nextInt(MOST_POSTS_BEFORE_KILL);
                Process victim = alpha;
                PostingLoad load = new PostingLoad(alice, dm, "alice", PASSWORD, "r" + round, killAfter,
                        victim::destroyForcibly).start(POSTERS);
                load.awaitEnd();
                assertThat(victim.waitFor(30, TimeUnit.SECONDS)).as("alpha killed").isTrue();
                assertThat(load.refusal()).as("a request refused before the kill (seed %d, round %d)", seed, round).isNull();
                answeredInRound.put("r" + round + " (kill after " + killAfter + ")", load.answered().size());
                answered.addAll(load.answered());
                if (db.isPostgres()) {
                    // the killed server's sessions end once PostgreSQL sees their sockets closed; a
                    // restart before that could find the connection slots of a shared instance taken
                    Awaitility.await("the killed server's sessions end").atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(100)).until(() -> otherSessions(db) == 0);
                }

                Path log = dir.resolve("alpha-" + round + ".log");
                alpha = serve("alpha", alphaPort, db, "alice", log);
                awaitServing(alpha, log);
            }
            alpha.destroy(); // a clean stop, so the embedded file can be read from here
            assertThat(alpha.waitFor(30, TimeUnit.SECONDS)).as("alpha stopped").isTrue();

            Map<String, Integer> stored = storedTexts(db, dm);
            List<String> lost = answered.stream().filter(t -> !stored.containsKey(t)).toList();
            List<String> twice = answered.stream().filter(t -> stored.getOrDefault(t, 0) > 1).toList();
            System.out.println("KillDuringPostingIT on " + database + ": seed " + seed + ", answered 200 per round "
                    + answeredInRound + ", " + answered.size() + " in all, lost " + lost.size());
            assertThat(answered).as("posts answered 200 (seed %d)", seed).hasSizeGreaterThanOrEqualTo(kills);
            assertThat(lost).as("posts answered 200 and gone after the kills (seed %d, answered per round %s)",
                    seed, answeredInRound).isEmpty();
            assertThat(twice).as("posts stored more than once (seed %d)", seed).isEmpty();
        }
    }

    private Process serve(String name, int port, DatabaseConfig db, String admin, Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", dir.resolve(name).toString(), "--dns-server", dns.hostPort()));
        if (db != null && db.isPostgres()) {
            args.addAll(List.of("--db-url", db.url(), "--db-user", db.user(), "--db-password", db.password()));
        }
        Map<String, String> env = new HashMap<>(Map.of("ROOT_URL", "http://localhost:" + port,
                "ADMIN_USERNAME", admin, "ADMIN_PASS", PASSWORD, "ADMIN_EMAIL", admin + "@" + name + ".test",
                "OVERWRITE_SETTING_FEDERATION_Domain", name + ".test", "OVERWRITE_SETTING_FEDERATION_Enabled", "true"));
        return FedchatJar.launch(args, env, log);
    }

    private static void awaitServing(Process process, Path log) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(process.isAlive()).as("server alive; log: %s", Files.readString(log)).isTrue();
            return Files.readString(log).contains("fedchat is serving");
        });
    }

    private static String publicKey(int port) {
        return new ApiClient("http://127.0.0.1:" + port).get("/api/v1/federation.publicKey").expectOk()
                .path("publicKey").asText();
    }

    /** Sessions on the test's PostgreSQL database other than the one asking. */
    private static int otherSessions(DatabaseConfig db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The texts of the room's messages, each with how often it is stored, read from the database itself. */
    private static Map<String, Integer> storedTexts(DatabaseConfig db, String roomId) throws SQLException {
        Map<String, Integer> texts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement("SELECT msg FROM messages WHERE room_id = ?")) {
            ps.setString(1, roomId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    texts.merge(rs.getString(1), 1, Integer::sum);
                }
            }
        }
        return texts;
    }
}
