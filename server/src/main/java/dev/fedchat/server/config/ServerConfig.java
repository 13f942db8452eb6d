package dev.fedchat.server.config;

import dev.fedchat.protocol.discovery.DnsServerAddress;
import dev.fedchat.server.federation.delivery.DeliveryConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a server needs to start, validated once by {@link ServerConfig#validate()} and then
 * read-only. Nothing reads the environment after this is built (STYLE.md §3.5).
 *
 * @param host              interface to bind (default all)
 * @param port              HTTP port; 0 picks a free one (tests)
 * @param dataDir           holds the embedded database (unless {@code database} says otherwise) and uploads
 * @param database          where the data lives
 * @param siteUrl           {@code ROOT_URL}: forced into the {@code Site_Url} setting when present
 * @param admin             first admin to create when the database has no user ({@code ADMIN_*})
 * @param settingOverrides  {@code OVERWRITE_SETTING_<id>=<value>}: forced at every start
 * @param loginLimit        failed-login rate limit
 * @param dnsServer         {@code --dns-server}/{@code FEDCHAT_DNS_SERVER}: asked for federation records instead of the system's resolvers
 * @param federatedDomainsLength {@code FEDERATED_DOMAINS_LENGTH}: the most servers (domains) one federated room may
 *                          span, ours included; Rocket.Chat's variable and default (federation-protocol.md §1.1)
 * @param delivery          how the federation delivery queues batch and retry ({@link DeliveryConfig#DEFAULTS} unless tuned)
 * @param dnsDiscovery      whether peers are looked up in DNS before the hub; off only where no DNS can know them
 *                          (the demo's servers on one machine), so a lookup goes straight to the hub
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        DatabaseConfig database,
        Optional<String> siteUrl,
        Optional<AdminBootstrap> admin,
        Map<String, String> settingOverrides,
        LoginLimit loginLimit,
        Optional<DnsServerAddress> dnsServer,
        int federatedDomainsLength,
        DeliveryConfig delivery,
        boolean dnsDiscovery) {

    /** Rocket.Chat's default for {@code FEDERATED_DOMAINS_LENGTH}. */
    public static final int DEFAULT_FEDERATED_DOMAINS_LENGTH = 10;

    public ServerConfig {
        settingOverrides = Map.copyOf(settingOverrides);
    }

    /** The first admin, created only when no user exists yet. */
    public record AdminBootstrap(String username, String password, String email) {}

    /** At most so many failed logins per user and per client address within {@code windowMillis}. */
    public record LoginLimit(int maxPerUser, int maxPerAddress, long windowMillis) {
        public static final LoginLimit DEFAULT = new LoginLimit(10, 100, 60_000);
    }

    /** A server on an embedded H2 database in {@code dataDir}, the other values at their defaults. */
    public static ServerConfig embedded(Path dataDir, int port) {
        return new ServerConfig("0.0.0.0", port, dataDir, DatabaseConfig.embedded(dataDir),
                Optional.empty(), Optional.empty(), Map.of(), LoginLimit.DEFAULT, Optional.empty(),
                DEFAULT_FEDERATED_DOMAINS_LENGTH, DeliveryConfig.DEFAULTS, true);
    }

    public ServerConfig withDatabase(DatabaseConfig db) {
        return new ServerConfig(host, port, dataDir, db, siteUrl, admin, settingOverrides, loginLimit,
                dnsServer, federatedDomainsLength, delivery, dnsDiscovery);
    }

    public ServerConfig withAdmin(AdminBootstrap bootstrap) {
        return new ServerConfig(host, port, dataDir, database, siteUrl, Optional.of(bootstrap), settingOverrides, loginLimit,
                dnsServer, federatedDomainsLength, delivery, dnsDiscovery);
    }

    public ServerConfig withSiteUrl(String url) {
        return new ServerConfig(host, port, dataDir, database, Optional.ofNullable(url), admin, settingOverrides, loginLimit,
                dnsServer, federatedDomainsLength, delivery, dnsDiscovery);
    }

    public ServerConfig withSettingOverrides(Map<String, String> overrides) {
        return new ServerConfig(host, port, dataDir, database, siteUrl, admin, overrides, loginLimit,
                dnsServer, federatedDomainsLength, delivery, dnsDiscovery);
    }

    public ServerConfig withLoginLimit(LoginLimit limit) {
        return new ServerConfig(host, port, dataDir, database, siteUrl, admin, settingOverrides, limit,
                dnsServer, federatedDomainsLength, delivery, dnsDiscovery);
    }

    public ServerConfig withDnsServer(Optional<DnsServerAddress> server) {
        return new ServerConfig(host, port, dataDir, database, siteUrl, admin, settingOverrides, loginLimit,
                server, federatedDomainsLength, delivery, dnsDiscovery);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, database, siteUrl, admin, settingOverrides, loginLimit,
                dnsServer, federatedDomainsLength, delivery, dnsDiscovery);
    }

    public ServerConfig withDelivery(DeliveryConfig config) {
        return new ServerConfig(host, port, dataDir, database, siteUrl, admin, settingOverrides, loginLimit, dnsServer,
                federatedDomainsLength, config, dnsDiscovery);
    }

    public ServerConfig withFederatedDomainsLength(int max) {
        return new ServerConfig(host, port, dataDir, database, siteUrl, admin, settingOverrides, loginLimit, dnsServer, max,
                delivery, dnsDiscovery);
    }

    /** Peers are found through the hub alone: no DNS question is asked (the demo). */
    public ServerConfig withoutDnsDiscovery() {
        return new ServerConfig(host, port, dataDir, database, siteUrl, admin, settingOverrides, loginLimit, dnsServer,
                federatedDomainsLength, delivery, false);
    }

    /** Fails with a message naming the setting and the bad value. */
    public ServerConfig validate() {
        if (port < 0 || port > 65535) {
            throw new ConfigException("port must be between 0 and 65535, got " + port);
        }
        if (admin.isPresent()) {
            AdminBootstrap a = admin.get();
            if (a.username().isBlank() || a.password().isBlank()) {
                throw new ConfigException("ADMIN_USERNAME and ADMIN_PASS must both be set to create the first admin");
            }
        }
        if (loginLimit.maxPerUser() < 1 || loginLimit.maxPerAddress() < 1 || loginLimit.windowMillis() < 1) {
            throw new ConfigException("login rate limit must allow at least one attempt per window, got " + loginLimit);
        }
        if (federatedDomainsLength < 2) {
            throw new ConfigException("FEDERATED_DOMAINS_LENGTH must allow at least 2 domains (a federated room spans two"
                    + " servers or more), got " + federatedDomainsLength);
        }
        return this;
    }
}
