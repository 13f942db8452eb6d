package dev.fedchat.server.testing;

import dev.fedchat.server.FedchatServer;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.federation.delivery.PeerTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real fedchat server for tests: port 0, a private in-memory H2 database (or the database
 * given; or, run with {@code -Dfedchat.test.db=postgresql}, a fresh PostgreSQL database, see
 * {@link Databases#forTestServers}), a temporary data directory, an admin
 * {@code admin}/{@link #ADMIN_PASSWORD}. Close it to stop the server and delete the directory
 * (and the database).
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-pass";

    private final Path dataDir;
    private final ServerConfig config;
    private final Clock clock;
    private final PeerTransport transport;
    /** The fresh PostgreSQL database under {@code -Dfedchat.test.db=postgresql}, dropped on close; null on H2. */
    private final Databases.Target database;
    private FedchatServer server;
    private int stoppedPort;

    private TestServer(Path dataDir, ServerConfig config, Clock clock, PeerTransport transport, Databases.Target database,
                       FedchatServer server) {
        this.dataDir = dataDir;
        this.config = config;
        this.clock = clock;
        this.transport = transport;
        this.database = database;
        this.server = server;
    }

    public static TestServer start() {
        return start(UnaryOperator.identity());
    }

    /** Starts with the default test config adjusted by {@code tweak}. */
    public static TestServer start(UnaryOperator<ServerConfig> tweak) {
        return start(tweak, Clock.systemUTC());
    }

    /** Starts on {@code clock} (a {@link ManualClock} when a test needs to know or move time). */
    public static TestServer start(UnaryOperator<ServerConfig> tweak, Clock clock) {
        return start(tweak, clock, null);
    }

    /** As {@link #start(UnaryOperator, Clock)}, sending federation events through {@code transport} instead of HTTP. */
    public static TestServer start(UnaryOperator<ServerConfig> tweak, Clock clock, PeerTransport transport) {
        Path dir = tempDir();
        Databases.Target database = Databases.forTestServers();
        try {
            ServerConfig config = ServerConfig.embedded(dir, 0)
                    .withDatabase(database == null ? DatabaseConfig.inMemory("test-" + UUID.randomUUID()) : database.config(dir))
                    .withAdmin(new ServerConfig.AdminBootstrap(ADMIN, ADMIN_PASSWORD, "admin@test.example"));
            ServerConfig tweaked = tweak.apply(config);
            return new TestServer(dir, tweaked, clock, transport, database, FedchatServer.start(tweaked, clock, transport));
        } catch (RuntimeException e) {
            deleteRecursively(dir);
            if (database != null) {
                database.close();
            }
            throw e;
        }
    }

    /** Starts on {@code database} with {@code dataDir} kept by the caller (restart tests). */
    public static FedchatServer startOn(DatabaseConfig database, Path dataDir) {
        ServerConfig config = ServerConfig.embedded(dataDir, 0).withDatabase(database)
                .withAdmin(new ServerConfig.AdminBootstrap(ADMIN, ADMIN_PASSWORD, "admin@test.example"));
        return FedchatServer.start(config);
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("fedchat-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server as a crash or an operator would, keeping its database (in memory until the JVM ends). */
    public void stop() {
        stoppedPort = server.port();
        server.close();
    }

    /** Starts it again on the same database and the same port, as after a restart. */
    public void restart() {
        int port = stoppedPort;
        server = FedchatServer.start(config.withPort(port), clock, transport);
    }

    /** What the server was started with (its database URL, say, for a test that must reach behind the API). */
    public ServerConfig config() {
        return config;
    }

    public FedchatServer server() {
        return server;
    }

    public String url() {
        return server.url();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** An unauthenticated client. */
    public ApiClient client() {
        return new ApiClient(url());
    }

    public ApiClient admin() {
        return client().login(ADMIN, ADMIN_PASSWORD);
    }

    /** Registers {@code username} (password {@code <username>-pass}) and returns a logged-in client. */
    public ApiClient newUser(String username) {
        ApiClient anonymous = client();
        anonymous.post("/api/v1/users.register", Json.obj("username", username, "email", username + "@test.example",
                "pass", username + "-pass", "name", username.toUpperCase())).expectOk();
        return anonymous.login(username, username + "-pass");
    }

    public DdpClient ddp() {
        return DdpClient.connect(url());
    }

    @Override
    public void close() {
        server.close();
        deleteRecursively(dataDir);
        if (database != null) {
            database.close();
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
