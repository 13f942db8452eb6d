package dev.fedchat.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One federated fedchat server of the federation benchmark: the real {@code fedchat.jar serve} in
 * its own JVM, as an operator runs it, with federation enabled for {@code domain}, its
 * {@code Site_Url} on {@code localhost:<port>} and {@code --dns-server} pointing at the bench's
 * dnsmasq. It keeps its port and data directory across {@link #stop}/{@link #start}, so its key
 * and its DNS records stay valid through a restart.
 *
 * <p>Not thread-safe: the driver starts and stops servers from its main thread.
 */
final class PeerServer implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "bench-admin-pass";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path jar;
    private final String domain;
    private final int port;
    private final Path dataDir;
    private final String dnsServer;
    private final List<String> jvmOptions;
    /** A PostgreSQL database instead of the embedded H2 one; null for H2. */
    private final String databaseUrl;
    private ChildJvm process;
    private Map<String, String> extraEnv = Map.of();

    private PeerServer(Path jar, String domain, Path dataDir, String dnsServer, List<String> jvmOptions, String databaseUrl) {
        this.jar = jar;
        this.databaseUrl = databaseUrl;
        this.domain = domain;
        this.port = freePort();
        this.dataDir = dataDir;
        this.dnsServer = dnsServer;
        this.jvmOptions = jvmOptions;
    }

    /** A server for {@code domain} in {@code dataDir}, not started yet. */
    static PeerServer of(Path jar, String domain, Path dataDir, String dnsServer, List<String> jvmOptions) {
        return new PeerServer(jar, domain, dataDir, dnsServer, jvmOptions, null);
    }

    /** As {@link #of}, on the PostgreSQL database at {@code databaseUrl} ({@code --db-url}) instead of H2. */
    static PeerServer onDatabase(Path jar, String domain, Path dataDir, String dnsServer, List<String> jvmOptions,
                                 String databaseUrl) {
        return new PeerServer(jar, domain, dataDir, dnsServer, jvmOptions, databaseUrl);
    }

    /** Starts the JVM with {@code env} added (e.g. a delivery batch size) and waits until it answers; ms from spawn. */
    double start(Map<String, String> env) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(domain + " is running already");
        }
        createDirectories(dataDir);
        extraEnv = Map.copyOf(env);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("ROOT_URL", "http://localhost:" + port);
        all.put("ADMIN_USERNAME", ADMIN);
        all.put("ADMIN_PASS", ADMIN_PASSWORD);
        all.put("ADMIN_EMAIL", "admin@" + domain);
        all.put("OVERWRITE_SETTING_FEDERATION_Domain", domain);
        all.put("OVERWRITE_SETTING_FEDERATION_Enabled", "true");
        all.putAll(env);
        List<String> args = new ArrayList<>(jvmOptions);
        args.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve", "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--data-dir", dataDir.toString(), "--dns-server", dnsServer));
        if (databaseUrl != null) {
            args.addAll(List.of("--db-url", databaseUrl));
        }
        process = ChildJvm.start(args, all, dataDir.resolveSibling(domain + ".log"));
        return process.awaitHttp(url() + "/api/info", START_TIMEOUT);
    }

    /** SIGTERM, as an operator stops it (the database closes cleanly); the data directory stays. */
    void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** The environment added at the last start. */
    Map<String, String> extraEnv() {
        return extraEnv;
    }

    String domain() {
        return domain;
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        if (process == null) {
            throw new IllegalStateException(domain + " is not running");
        }
        return process.pid();
    }

    /** The key peers must find in DNS, from the running server ({@code GET /api/v1/federation.publicKey}). */
    Dnsmasq.Peer dnsEntry() {
        String pem = RestClient.anonymous(url()).get("/api/v1/federation.publicKey").path("publicKey").asText();
        if (pem.isBlank()) {
            throw new IllegalStateException(domain + " published no federation key");
        }
        return new Dnsmasq.Peer(domain, port, pem);
    }

    /** The bootstrap admin, logged in on a new connection. */
    RestClient admin() {
        return RestClient.anonymous(url()).login(ADMIN, ADMIN_PASSWORD);
    }

    @Override
    public void close() {
        stop();
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
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
