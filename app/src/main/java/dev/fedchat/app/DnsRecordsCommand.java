package dev.fedchat.app;

import dev.fedchat.protocol.discovery.DnsRecords;
import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.DnsServerAddress;
import dev.fedchat.server.api.json.ApiJson;
import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.federation.settings.FederationKeyStore;
import dev.fedchat.server.federation.settings.FederationSettings;
import dev.fedchat.server.settings.SettingDefinition;
import dev.fedchat.server.settings.Settings;
import dev.fedchat.server.settings.SettingsService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchat dns-records}: the DNS records peers need to find this server, in zone-file
 * syntax and in the form providers' text boxes want, with the {@code dig} commands that check them
 * ({@link DnsRecords}).
 *
 * <p>The domain and the URL are what the server would use: {@code --domain}/{@code --site-url},
 * else {@code OVERWRITE_SETTING_*} and {@code ROOT_URL} (forced at every start), else the stored
 * settings. The key is read from the database like {@code keys show}, created on a new one.
 * A missing or unusable input is one line and exit code 2 ({@link StartFailureHandler}).
 */
@Command(name = "dns-records", mixinStandardHelpOptions = true,
        description = "Print the DNS records peers need to find this server, and the dig commands that check them.")
final class DnsRecordsCommand implements Runnable {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "The federation domain (default: the setting FEDERATION_Domain)")
    String domain;

    @Option(names = "--site-url", paramLabel = "URL", description = "The public URL peers call (default: the setting Site_Url)")
    String siteUrl;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        // --dns-server (from the shared options) only changes the dig commands printed here
        ServerConfig config = options.toConfig(System.getenv());
        Optional<DnsServerAddress> server = config.dnsServer();
        String effectiveDomain;
        String effectiveSiteUrl;
        String publicPem;
        try (Database db = Database.open(config.database())) {
            Clock clock = Clock.systemUTC();
            SettingsService settings = new SettingsService(db.jdbi(), clock, ApiJson.rest(), definitions());
            effectiveDomain = firstOf(domain, config.settingOverrides().get(FederationSettings.DOMAIN),
                    settings.string(FederationSettings.DOMAIN));
            effectiveSiteUrl = firstOf(siteUrl, config.settingOverrides().get(Settings.SITE_URL),
                    config.siteUrl().orElse(null), settings.string(Settings.SITE_URL));
            publicPem = new FederationKeyStore(db.jdbi(), clock).loadOrCreate().publicPem();
        }
        if (effectiveDomain.isBlank()) {
            throw new ConfigException("FEDERATION_Domain is not set: set it (admin settings, or"
                    + " OVERWRITE_SETTING_FEDERATION_Domain=example.org) or pass --domain example.org");
        }
        DnsRecords records;
        try {
            records = DnsRecords.of(effectiveDomain, effectiveSiteUrl, publicPem);
        } catch (DnsRecordsException e) {
            throw switch (e.input()) {
                case DOMAIN -> new ConfigException(e.getMessage() + (domain != null ? " (from --domain)"
                        : "; fix FEDERATION_Domain or pass --domain"));
                case SITE_URL -> new ConfigException(e.getMessage() + (siteUrl != null ? " (from --site-url)"
                        : "; fix Site_Url (ROOT_URL) or pass --site-url"));
                // the server's own stored key: unusable means a bug or a damaged database, so keep the trace
                case PUBLIC_KEY, DNS_SERVER -> new IllegalStateException(e);
            };
        }
        spec.commandLine().getOut().print(records.render(server));
        spec.commandLine().getOut().flush();
    }

    private static List<SettingDefinition> definitions() {
        List<SettingDefinition> known = new ArrayList<>(Settings.core());
        known.addAll(FederationSettings.definitions());
        return known;
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return "";
    }
}
