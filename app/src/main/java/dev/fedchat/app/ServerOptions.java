package dev.fedchat.app;

import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every server-running command shares, and Rocket.Chat's start variables
 * ({@code PORT}, {@code ROOT_URL}, {@code ADMIN_*}, {@code OVERWRITE_SETTING_*},
 * {@code FEDERATED_DOMAINS_LENGTH}). The environment is
 * read here, once; the result is an immutable {@link ServerConfig}.
 */
final class ServerOptions {
    static final String OVERWRITE_PREFIX = "OVERWRITE_SETTING_";

    @Option(names = "--port", description = "HTTP port (default: $PORT or 3000)")
    Integer port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Holds the embedded database and uploaded files (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL database to use instead of the embedded one")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE})")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "Database password")
    String dbPassword;

    @Option(names = "--dns-server", paramLabel = "HOST:PORT",
            description = "DNS server to ask for peers' federation records instead of the system's resolvers "
                    + "(default: $FEDCHAT_DNS_SERVER); for split-horizon set-ups and tests")
    String dnsServer;

    ServerConfig toConfig(Map<String, String> env) {
        int effectivePort = port != null ? port : parsePort(env.get("PORT"));
        DatabaseConfig db = dbUrl == null ? DatabaseConfig.embedded(dataDir) : new DatabaseConfig(dbUrl, dbUser, dbPassword);
        ServerConfig config = ServerConfig.embedded(dataDir, effectivePort).withDatabase(db);
        config = new ServerConfig(host, effectivePort, dataDir, db, Optional.empty(), Optional.empty(), Map.of(),
                config.loginLimit(), DnsServerOption.resolve(dnsServer, env.get(DnsServerOption.ENV)),
                parseCount("FEDERATED_DOMAINS_LENGTH", env.get("FEDERATED_DOMAINS_LENGTH"),
                        ServerConfig.DEFAULT_FEDERATED_DOMAINS_LENGTH));
        if (env.get("ROOT_URL") != null && !env.get("ROOT_URL").isBlank()) {
            config = config.withSiteUrl(env.get("ROOT_URL"));
        }
        if (env.get("ADMIN_USERNAME") != null || env.get("ADMIN_PASS") != null) {
            config = config.withAdmin(new ServerConfig.AdminBootstrap(env.getOrDefault("ADMIN_USERNAME", ""),
                    env.getOrDefault("ADMIN_PASS", ""), env.get("ADMIN_EMAIL")));
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(OVERWRITE_PREFIX)) {
                overrides.put(k.substring(OVERWRITE_PREFIX.length()), v);
            }
        });
        return config.withSettingOverrides(overrides);
    }

    private static int parseCount(String variable, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + " must be a number, got '" + value + "'");
        }
    }

    private static int parsePort(String value) {
        if (value == null || value.isBlank()) {
            return 3000;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("PORT must be a number, got '" + value + "'");
        }
    }
}
