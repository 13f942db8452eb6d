package dev.fedchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the federation benchmark measures on: a dnsmasq, and fedchat servers for {@code alpha.test}
 * and {@code beta.test} (and {@code gamma.test}, which is stopped once its user is known) in child
 * JVMs that find each other through it, as in production; a user on each ({@code alice1},
 * {@code bob1}, {@code carol1}); the federated direct conversation {@code alice1 ↔ bob1@beta.test},
 * opened with {@code im.create} as a client would; and, with gamma, the private group of all three
 * ({@code groups.create} on alpha with {@code bob1@beta.test} and {@code carol1@gamma.test}), made
 * while gamma is alive and once beta and gamma hold it and alpha's queue for gamma is empty, gamma
 * is stopped: every message posted to the group is then queued for beta and for the dead gamma.
 *
 * <p>{@link #close} stops every process this started and may be called more than once, from the
 * main thread or the shutdown hook (Ctrl-C); it is synchronised for that.
 */
final class FederationSetup implements AutoCloseable {
    static final String ALPHA = "alpha.test";
    static final String BETA = "beta.test";
    static final String GAMMA = "gamma.test";
    static final String BATCH_SIZE_ENV = "FEDCHAT_DELIVERY_BATCH_SIZE";
    /** The group of the three domains ({@code groups.create} name on alpha). */
    static final String GROUP_NAME = "trio";
    private static final long ROOM_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long DELIVERED_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final Path workDir;
    /** PostgreSQL JDBC URLs by domain; a domain not in it runs on H2. */
    private final Map<String, String> databaseUrls;
    /** Guarded by this: replaced when the records change. */
    private Dnsmasq dns;
    private final Map<String, PeerServer> servers = new LinkedHashMap<>();
    private final Map<String, Double> startMillis = new LinkedHashMap<>();
    private RestClient alice;
    private RestClient bob;
    private String dm;
    private String group;

    /** Nothing runs yet: {@link #start} starts it all; {@link #close} is safe at any point. */
    FederationSetup(Path workDir) {
        this(workDir, Map.of());
    }

    /** As {@link #FederationSetup(Path)}, the servers of the domains in {@code databaseUrls} on those PostgreSQL databases. */
    FederationSetup(Path workDir, Map<String, String> databaseUrls) {
        this.workDir = workDir;
        this.databaseUrls = Map.copyOf(databaseUrls);
    }

    /**
     * Starts dnsmasq and the servers (alpha with {@code alphaEnv}), publishes their records, and
     * opens the conversations; with a dead domain, the three-domain group is made and gamma is
     * stopped at the end.
     */
    void start(FederationOptions options, Map<String, String> alphaEnv) {
        startServers(options, alphaEnv);
        openConversations(options.deadDomain());
    }

    private void startServers(FederationOptions options, Map<String, String> alphaEnv) {
        // the servers must know the DNS server's port, and DNS their ports and keys: start it empty first
        synchronized (this) {
            dns = Dnsmasq.start(workDir.resolve("dns"));
        }
        List<String> domains = new ArrayList<>(List.of(ALPHA, BETA));
        if (options.deadDomain()) {
            domains.add(GAMMA);
        }
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (String domain : domains) {
            PeerServer server = PeerServer.onDatabase(options.jar(), domain, workDir.resolve(domain), dns.hostPort(),
                    options.serverJvmOptions(), databaseUrls.get(domain));
            synchronized (this) {
                servers.put(domain, server);
            }
            Map<String, String> env = domain.equals(ALPHA) ? alphaEnv : Map.of();
            starting.add(CompletableFuture.runAsync(() -> {
                double ms = server.start(env);
                synchronized (this) {
                    startMillis.put(domain, ms);
                }
            }));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        List<Dnsmasq.Peer> records = servers.values().stream().map(PeerServer::dnsEntry).toList();
        synchronized (this) {
            dns = dns.restart(records);
        }
    }

    private void openConversations(boolean deadDomain) {
        alice = new Workspace(server(ALPHA).url(), PeerServer.ADMIN, PeerServer.ADMIN_PASSWORD).users("alice", 1).get(0);
        bob = new Workspace(server(BETA).url(), PeerServer.ADMIN, PeerServer.ADMIN_PASSWORD).users("bob", 1).get(0);
        dm = alice.post("/api/v1/im.create", Map.of("username", "bob1@" + BETA)).path("room").path("_id").asText();
        awaitRoom(bob, dm);
        if (deadDomain) {
            RestClient carol = new Workspace(server(GAMMA).url(), PeerServer.ADMIN, PeerServer.ADMIN_PASSWORD)
                    .users("carol", 1).get(0);
            group = alice.post("/api/v1/groups.create", Map.of("name", GROUP_NAME,
                    "members", List.of("bob1@" + BETA, "carol1@" + GAMMA))).path("group").path("_id").asText();
            awaitRoom(bob, group);
            awaitRoom(carol, group);
            long pending = awaitDelivered(GAMMA, ROOM_TIMEOUT_NANOS);
            if (pending > 0) {
                throw new IllegalStateException("alpha still had " + pending + " events for " + GAMMA + " after 30 s");
            }
            // from now on gamma is a dead peer: its records still resolve, its port refuses connections
            server(GAMMA).stop();
        }
    }

    /** Waits until {@code user}'s server holds {@code roomId} (the genesis arrived). */
    private static void awaitRoom(RestClient user, String roomId) {
        long deadline = System.nanoTime() + ROOM_TIMEOUT_NANOS;
        while (true) {
            try {
                user.get("/api/v1/rooms.info?roomId=" + roomId);
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("room " + roomId + " did not reach " + user.baseUrl() + " within 30 s", notYet);
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * Waits until alpha's queue for {@code domain} is empty ({@code federation.deliveries}), at
     * most {@code timeoutNanos}; returns the events still pending (0 when it emptied).
     */
    long awaitDelivered(String domain, long timeoutNanos) {
        RestClient admin = server(ALPHA).admin();
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            JsonNode peer = deliveries(admin).get(domain);
            long pending = peer == null ? 0 : peer.path("pending").asLong();
            if (pending == 0 || System.nanoTime() > deadline) {
                return pending;
            }
            LockSupport.parkNanos(DELIVERED_POLL_NANOS);
        }
    }

    /**
     * From now on {@code domain}'s DNS records name {@code port} (a {@link CutLink} in front of it,
     * say); servers that looked the domain up keep their cached answer until they restart.
     */
    void route(String domain, int port) {
        List<Dnsmasq.Peer> records = servers.values().stream().map(PeerServer::dnsEntry)
                .map(p -> p.domain().equals(domain) ? new Dnsmasq.Peer(domain, port, p.publicKeyPem()) : p).toList();
        synchronized (this) {
            dns = dns.restart(records);
        }
    }

    /** Stops alpha and starts it again on its data directory and port with {@code env}; ms from spawn to ready. */
    double restartAlpha(Map<String, String> env) {
        PeerServer a = server(ALPHA);
        a.stop();
        return a.start(env);
    }

    /** Stops every server (their databases can be read afterwards); dnsmasq keeps running until {@link #close}. */
    synchronized void stopServers() {
        servers.values().forEach(PeerServer::stop);
    }

    synchronized PeerServer server(String domain) {
        PeerServer s = servers.get(domain);
        if (s == null) {
            throw new IllegalArgumentException("no server for " + domain);
        }
        return s;
    }

    /** Processes to account CPU to: each running server by domain, and dnsmasq. */
    synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        servers.forEach((domain, s) -> {
            if (s.running()) {
                pids.put(domain.substring(0, domain.indexOf('.')), s.pid());
            }
        });
        pids.put("dnsmasq", dns.pid());
        return pids;
    }

    synchronized Map<String, Double> startMillis() {
        return Map.copyOf(startMillis);
    }

    /** {@code alice1} on alpha, on a new connection (one per posting thread). */
    RestClient alice() {
        return alice.fork();
    }

    RestClient bob() {
        return bob;
    }

    /** The conversation alice1 ↔ bob1@beta.test. */
    String dm() {
        return dm;
    }

    /** The private group of alice1, bob1@beta.test and carol1@gamma.test (gamma stopped); null without a dead domain. */
    String group() {
        return group;
    }

    /** Alpha's delivery state per peer domain, from {@code GET /api/v1/federation.deliveries}. */
    Map<String, JsonNode> deliveries(RestClient alphaAdmin) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        alphaAdmin.get("/api/v1/federation.deliveries").path("peers").forEach(p -> out.put(p.path("domain").asText(), p));
        return out;
    }

    /** The log file of {@code domain}'s server (every start appends to it). */
    Path log(String domain) {
        return workDir.resolve(domain + ".log");
    }

    /** The last lines of each server's log, for a run that failed. */
    synchronized List<Path> logs() {
        return servers.keySet().stream().map(d -> workDir.resolve(d + ".log")).toList();
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(PeerServer::stop);
        if (dns != null) {
            dns.close();
            dns = null;
        }
    }
}
