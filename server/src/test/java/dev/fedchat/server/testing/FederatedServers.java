package dev.fedchat.server.testing;

import dev.fedchat.protocol.testing.Dnsmasq;
import dev.fedchat.protocol.testing.TestKeys;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.settings.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/**
 * Several real fedchat servers that find each other through real DNS: a dnsmasq on a free
 * loopback port serves {@code _rocketchat._http.<domain>} and {@code rocketchat-public-key.<domain>}
 * for each, every server asks it ({@code --dns-server}), and each has federation enabled with its
 * domain and {@code Site_Url = http://localhost:<port>}. {@link #publish(String, StandInPeer)} adds a
 * scripted peer under a domain of its own, {@link #publish(String, int, String)} any other server
 * (a Rocket.Chat stand-in in Node, say). Close it to stop them all (other peers are the caller's).
 */
public final class FederatedServers implements AutoCloseable {
    private final Map<String, TestServer> servers = new LinkedHashMap<>();
    /** Peers that are not fedchat servers: where they listen on {@code localhost}, and their keys. */
    private final Map<String, Published> others = new LinkedHashMap<>();
    private Dnsmasq dns;

    private FederatedServers() {}

    /** One server per domain, e.g. {@code start("alpha.test", "beta.test")}. */
    public static FederatedServers start(String... domains) {
        return start(UnaryOperator.identity(), domains);
    }

    /** As {@link #start(String...)}, each server's config adjusted by {@code tweak} (a limit, say). */
    public static FederatedServers start(UnaryOperator<ServerConfig> tweak, String... domains) {
        return start(Clock.systemUTC(), tweak, domains);
    }

    /** As {@link #start(UnaryOperator, String...)}, every server on {@code clock} (one {@link ManualClock} for all, say). */
    public static FederatedServers start(Clock clock, UnaryOperator<ServerConfig> tweak, String... domains) {
        FederatedServers all = new FederatedServers();
        try {
            // the servers must know the DNS server's port, and DNS the servers' ports: start DNS empty first
            all.dns = Dnsmasq.records().start();
            for (String domain : domains) {
                TestServer server = TestServer.start(c -> tweak.apply(c.withDnsServer(Optional.of(all.dns.server()))
                        .withSettingOverrides(Map.of(FederationSettings.DOMAIN, domain, FederationSettings.ENABLED, "true"))), clock);
                all.servers.put(domain, server);
                server.server().settings().setInternal(Settings.SITE_URL, "http://localhost:" + server.server().port());
            }
            all.publish();
            return all;
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    /** Serves every server's records again (after a server moved to another port, say). */
    public void publish() {
        Dnsmasq.Records records = Dnsmasq.records().ttl(60);
        servers.entrySet().stream().filter(e -> !others.containsKey(e.getKey())).forEach(e -> records
                .srv("_rocketchat._http." + e.getKey(), "localhost", e.getValue().server().port(), 1, 1)
                .txt("rocketchat-public-key." + e.getKey(), TestKeys.pieces(e.getValue().server().keys().publicPem(), 255)));
        others.forEach((domain, peer) -> records
                .srv("_rocketchat._http." + domain, "localhost", peer.port(), 1, 1)
                .txt("rocketchat-public-key." + domain, TestKeys.pieces(peer.publicKeyPem(), 255)));
        dns = dns.restart(records);
    }

    /** Serves {@code peer}'s records under {@code domain} too, beside the servers', from now on. */
    public void publish(String domain, StandInPeer peer) {
        publish(domain, peer.port(), peer.publicKeyPem());
    }

    /**
     * Serves the records of a server listening on {@code localhost:port} under {@code domain}, from
     * now on. For the domain of one of the servers, these replace its own records: a proxy in front
     * of it, or a key it does not hold.
     */
    public void publish(String domain, int port, String publicKeyPem) {
        others.put(domain, new Published(port, publicKeyPem));
        publish();
    }

    private record Published(int port, String publicKeyPem) {}

    public TestServer server(String domain) {
        TestServer server = servers.get(domain);
        if (server == null) {
            throw new IllegalArgumentException("no server for " + domain + "; have " + servers.keySet());
        }
        return server;
    }

    /**
     * {@code creator} opens a direct conversation with {@code qualifiedUsername} ({@code bob@beta.test});
     * returns its id once the other user's server holds the room with that user in it.
     */
    public String openDirect(ApiClient creator, String qualifiedUsername) {
        String roomId = creator.post("/api/v1/im.create", Json.obj("username", qualifiedUsername)).expectOk()
                .path("room").path("_id").asText();
        TestServer other = server(qualifiedUsername.substring(qualifiedUsername.indexOf('@') + 1));
        String name = qualifiedUsername.substring(0, qualifiedUsername.indexOf('@'));
        // the room arrives a moment before the user's subscription: wait for both, or the user's history is refused
        Awaitility.await("room " + roomId + " on " + qualifiedUsername).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> other.server().rooms().byId(roomId)
                        .map(room -> other.server().rooms().members(room).stream().anyMatch(m -> m.username().equals(name)))
                        .orElse(false));
        return roomId;
    }

    public List<String> domains() {
        return List.copyOf(servers.keySet());
    }

    public Dnsmasq dns() {
        return dns;
    }

    @Override
    public void close() {
        servers.values().forEach(TestServer::close);
        if (dns != null) {
            dns.close();
        }
    }
}
