package dev.fedchat.server.federation.events;

import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.testing.ApiClient;
import dev.fedchat.server.testing.Databases;
import dev.fedchat.server.testing.FederatedServers;
import dev.fedchat.server.testing.StateSnapshot;
import dev.fedchat.server.testing.TestServer;
import dev.fedchat.server.user.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * Three federated servers found through real DNS, each with one user: alice on alpha, bob on beta,
 * carol on gamma; each on its own fresh database of the kind asked for (embedded H2, or PostgreSQL
 * when the test command gave one). For the group tests that need a room across all three, and the
 * adversarial probes (issue 12 §8): a probe takes a {@link StateSnapshot} of the server it attacks,
 * sends what a peer with a valid key would (see {@link Forgery}), and asserts both the refusal and
 * that the snapshot did not move.
 */
final class Trio implements AutoCloseable {
    static final String ALPHA = "alpha.test";
    static final String BETA = "beta.test";
    static final String GAMMA = "gamma.test";

    final FederatedServers servers;
    final TestServer alpha;
    final TestServer beta;
    final TestServer gamma;
    final ApiClient alice;
    final ApiClient bob;
    final ApiClient carol;
    private final List<Databases.Target> databases;

    private Trio(FederatedServers servers, List<Databases.Target> databases) {
        this.servers = servers;
        this.databases = databases;
        this.alpha = servers.server(ALPHA);
        this.beta = servers.server(BETA);
        this.gamma = servers.server(GAMMA);
        this.alice = alpha.newUser("alice");
        this.bob = beta.newUser("bob");
        this.carol = gamma.newUser("carol");
    }

    /** For {@code @MethodSource}: a test run once per database, with the database's name. */
    static final String DATABASES = "dev.fedchat.server.federation.events.Trio#databases";

    /** The databases the probes run on: {@code h2}, and {@code postgresql} when the test command started one. */
    static List<String> databases() {
        return Databases.names();
    }

    /** On the test servers' own database: in-memory H2, or what the test command chose for them ({@link TestServer}). */
    static Trio start() {
        return start(UnaryOperator.identity(), new ArrayList<>());
    }

    /** Each server on a fresh database of its own of the kind named ({@code h2} or {@code postgresql}), whatever the test command chose. */
    static Trio start(String database) {
        List<Databases.Target> targets = new ArrayList<>();
        return start(config -> {
            if (database.equals("h2")) {
                return config.withDatabase(DatabaseConfig.inMemory("trio-" + UUID.randomUUID()));
            }
            Databases.Target target = Databases.open(database);
            targets.add(target);
            return config.withDatabase(target.config(config.dataDir()));
        }, targets);
    }

    private static Trio start(UnaryOperator<ServerConfig> onDatabase, List<Databases.Target> targets) {
        FederatedServers servers = null;
        try {
            servers = FederatedServers.start(onDatabase, ALPHA, BETA, GAMMA);
            return new Trio(servers, targets);
        } catch (RuntimeException e) {
            if (servers != null) {
                servers.close();
            }
            targets.forEach(Databases.Target::close);
            throw e;
        }
    }

    /**
     * {@code server}'s state once every server's queues are empty: what an earlier step sent is
     * delivered, so nothing but the probe that follows can move the snapshot.
     */
    StateSnapshot settled(TestServer server) {
        Awaitility.await("every queue empty").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> List.of(alpha, beta, gamma).stream().allMatch(s -> s.server().deliveries().peers().stream()
                        .allMatch(p -> p.pending() == 0)));
        return StateSnapshot.of(server);
    }

    static User user(TestServer server, String username) {
        return server.server().users().requireByUsername(username);
    }

    /** A group alice makes with bob and carol, once both their servers hold it. */
    String group(String name) {
        return group(name, bob, carol);
    }

    /** A group alice makes with the given members, once each member's server holds it. */
    String group(String name, ApiClient... members) {
        List<String> names = new ArrayList<>();
        for (ApiClient member : members) {
            names.add(member == bob ? "bob@" + BETA : "carol@" + GAMMA);
        }
        String roomId = Groups.create(alice, name, names.toArray(String[]::new));
        for (ApiClient member : members) {
            Groups.await("the members subscribed", () -> Groups.subscribed(member, roomId));
        }
        return roomId;
    }

    @Override
    public void close() {
        servers.close();
        databases.forEach(Databases.Target::close);
    }
}
