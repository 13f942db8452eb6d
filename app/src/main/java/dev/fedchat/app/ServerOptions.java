package dev.fedchat.app;

import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.federation.delivery.DeliveryConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every server-running command shares, and Rocket.Chat's start variables
 * ({@code PORT}, {@code ROOT_URL}, {@code ADMIN_*}, {@code OVERWRITE_SETTING_*},
 * {@code FEDERATED_DOMAINS_LENGTH}). The environment is
 * read here, once; the result is an immutable {@link ServerConfig}.
 */
final class ServerOptions {
    static final String OVERWRITE_PREFIX = "OVERWRITE_SETTING_";
    static final String BATCH_SIZE_ENV = "FEDCHAT_DELIVERY_BATCH_SIZE";
    static final String PROBE_ENV = "FEDCHAT_DELIVERY_PROBE";

    @Option(names = "--port", description = "HTTP port (default: $PORT or 3000)")
    Integer port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--data-dir", defaultValue = "./data",
            description = "Holds the embedded database and uploaded files (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Mixin
    JdbcOptions jdbc = new JdbcOptions();

    @Option(names = "--dns-server", paramLabel = "HOST:PORT",
            description = "DNS server to ask for peers' federation records instead of the system's resolvers "
                    + "(default: $FEDCHAT_DNS_SERVER); for split-horizon set-ups and tests")
    String dnsServer;

    @Option(names = "--delivery-batch-size", paramLabel = "N",
            description = "Most federation events sent to a peer in one request (default: $" + BATCH_SIZE_ENV + " or 50; "
                    + "1 sends one event per request, as Rocket.Chat did)")
    Integer deliveryBatchSize;

    @Option(names = "--delivery-probe", paramLabel = "on|off",
            description = "While a peer fails, ask it GET /api/info every few seconds and send its queued events as soon as"
                    + " it answers (default: $" + PROBE_ENV + " or on); off waits out the stored backoff")
    String deliveryProbe;

    ServerConfig toConfig(Map<String, String> env) {
        int effectivePort = port != null ? port : parsePort(env.get("PORT"));
        DatabaseConfig db = jdbc.given() ? new DatabaseConfig(jdbc.url, jdbc.user, jdbc.password) : DatabaseConfig.embedded(dataDir);
        ServerConfig config = ServerConfig.embedded(dataDir, effectivePort).withDatabase(db);
        config = new ServerConfig(host, effectivePort, dataDir, db, Optional.empty(), Optional.empty(), Map.of(),
                config.loginLimit(), DnsServerOption.resolve(dnsServer, env.get(DnsServerOption.ENV)),
                parseCount("FEDERATED_DOMAINS_LENGTH", env.get("FEDERATED_DOMAINS_LENGTH"),
                        ServerConfig.DEFAULT_FEDERATED_DOMAINS_LENGTH),
                delivery(env.get(BATCH_SIZE_ENV), env.get(PROBE_ENV)), true);
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

    /** A whole number from a variable or option, or {@code fallback} when it is not set. */
    static int parseCount(String variable, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + " must be a number, got '" + value + "'");
        }
    }

    /** The batch size ({@link #batchSize}) and whether failing peers are probed ({@link #probing}). */
    private DeliveryConfig delivery(String batchEnvironment, String probeEnvironment) {
        DeliveryConfig config = batchSize(batchEnvironment);
        return config.withProbe(config.probe().withEnabled(probing(probeEnvironment)));
    }

    /** {@code --delivery-probe}, else {@code FEDCHAT_DELIVERY_PROBE}, else on. */
    private boolean probing(String environment) {
        String source = deliveryProbe != null ? "--delivery-probe" : PROBE_ENV;
        String value = deliveryProbe != null ? deliveryProbe : environment;
        if (value == null || value.isBlank()) {
            return true;
        }
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new ConfigException(source + " must be on or off, got '" + value + "'");
        };
    }

    /** {@code --delivery-batch-size}, else {@code FEDCHAT_DELIVERY_BATCH_SIZE}, else the defaults. */
    private DeliveryConfig batchSize(String environment) {
        String source = deliveryBatchSize != null ? "--delivery-batch-size" : BATCH_SIZE_ENV;
        if (deliveryBatchSize == null && (environment == null || environment.isBlank())) {
            return DeliveryConfig.DEFAULTS;
        }
        try {
            int size = deliveryBatchSize != null ? deliveryBatchSize : Integer.parseInt(environment.trim());
            return DeliveryConfig.DEFAULTS.withBatchSize(size);
        } catch (NumberFormatException e) {
            throw new ConfigException(source + " must be a number, got '" + environment + "'");
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage());
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
