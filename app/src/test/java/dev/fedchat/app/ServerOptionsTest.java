package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.server.config.ConfigException;
import dev.fedchat.server.config.DatabaseConfig;
import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.federation.delivery.DeliveryConfig;
import dev.fedchat.server.federation.delivery.ProbeConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * How {@code fedchat serve} turns its flags and Rocket.Chat's start variables ({@code PORT},
 * {@code ROOT_URL}, {@code ADMIN_*}, {@code OVERWRITE_SETTING_*}) into a {@link ServerConfig}.
 * The flags are parsed by picocli exactly as on the command line; the environment is a plain map.
 */
class ServerOptionsTest {

    @Test
    void noFlagsAndNoEnvironment_giveTheDefaults() {
        ServerConfig config = config(Map.of());

        assertThat(config.port()).isEqualTo(3000);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.database()).isEqualTo(DatabaseConfig.embedded(Path.of("./data")));
        assertThat(config.siteUrl()).isEmpty();
        assertThat(config.admin()).isEmpty();
        assertThat(config.settingOverrides()).isEmpty();
        assertThat(config.loginLimit()).isEqualTo(ServerConfig.LoginLimit.DEFAULT);
        assertThat(config.delivery()).isEqualTo(DeliveryConfig.DEFAULTS);
    }

    @Test
    void port_comesFromPORT_unlessTheFlagIsGiven() {
        assertThat(config(Map.of("PORT", "4000")).port()).isEqualTo(4000);
        assertThat(config(Map.of("PORT", " 4001 ")).port()).isEqualTo(4001);
        assertThat(config(Map.of("PORT", "4000"), "--port", "5000").port()).isEqualTo(5000);
        assertThatThrownBy(() -> config(Map.of("PORT", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PORT").hasMessageContaining("eighty");
        assertThatThrownBy(() -> config(Map.of("PORT", "70000")).validate())
                .isInstanceOf(ConfigException.class).hasMessageContaining("70000");
    }

    @Test
    void rootUrl_becomesTheSiteUrl_andABlankOneIsIgnored() {
        assertThat(config(Map.of("ROOT_URL", "https://chat.example.org")).siteUrl()).contains("https://chat.example.org");
        assertThat(config(Map.of("ROOT_URL", " ")).siteUrl()).isEmpty();
    }

    @Test
    void adminVariables_describeTheFirstAdmin() {
        ServerConfig config = config(Map.of("ADMIN_USERNAME", "boss", "ADMIN_PASS", "s3cret", "ADMIN_EMAIL", "boss@example.org"));

        assertThat(config.admin()).contains(new ServerConfig.AdminBootstrap("boss", "s3cret", "boss@example.org"));
        assertThat(config(Map.of("ADMIN_USERNAME", "boss", "ADMIN_PASS", "s3cret")).admin().orElseThrow().email()).isNull();
        assertThatThrownBy(() -> config(Map.of("ADMIN_USERNAME", "boss")).validate())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ADMIN_PASS");
    }

    @Test
    void overwriteSettingVariables_becomeSettingOverrides_andOtherVariablesAreIgnored() {
        ServerConfig config = config(Map.of("OVERWRITE_SETTING_Site_Name", "Our Chat",
                "OVERWRITE_SETTING_FileUpload_MaxFileSize", "1024", "HOME", "/root", "SETTING_Site_Url", "x"));

        assertThat(config.settingOverrides())
                .containsExactlyInAnyOrderEntriesOf(Map.of("Site_Name", "Our Chat", "FileUpload_MaxFileSize", "1024"));
    }

    @Test
    void federatedDomainsLength_comesFromItsVariable_defaultsToTen_andMustAllowTwoDomains() {
        assertThat(config(Map.of()).federatedDomainsLength()).isEqualTo(10);
        assertThat(config(Map.of("FEDERATED_DOMAINS_LENGTH", " 3 ")).federatedDomainsLength()).isEqualTo(3);
        assertThatThrownBy(() -> config(Map.of("FEDERATED_DOMAINS_LENGTH", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FEDERATED_DOMAINS_LENGTH").hasMessageContaining("many");
        assertThatThrownBy(() -> config(Map.of("FEDERATED_DOMAINS_LENGTH", "1")).validate())
                .isInstanceOf(ConfigException.class).hasMessageContaining("FEDERATED_DOMAINS_LENGTH").hasMessageContaining("1");
    }

    @Test
    void dbUrl_selectsPostgresWithItsCredentials_insteadOfTheEmbeddedDatabase() {
        ServerConfig config = config(Map.of(), "--db-url", "jdbc:postgresql://db.internal:5432/chat",
                "--db-user", "chat", "--db-password", "pw", "--data-dir", "/var/lib/fedchat");

        assertThat(config.database()).isEqualTo(new DatabaseConfig("jdbc:postgresql://db.internal:5432/chat", "chat", "pw"));
        assertThat(config.database().isPostgres()).isTrue();
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/fedchat"));
        assertThat(config(Map.of(), "--db-url", "jdbc:postgresql://db/chat").database().user()).isEqualTo("postgres");
    }

    @Test
    void dataDirAndHost_flags_placeTheEmbeddedDatabaseAndTheListener() {
        ServerConfig config = config(Map.of(), "--data-dir", "/srv/chat", "--host", "127.0.0.1");

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.database()).isEqualTo(DatabaseConfig.embedded(Path.of("/srv/chat")));
        assertThat(config.database().url()).startsWith("jdbc:h2:file:/srv/chat/fedchat");
    }

    @Test
    void deliveryBatchSize_comesFromTheFlag_elseFromTheEnvironment_andOnlyTheBatchSizeChanges() {
        assertThat(config(Map.of("FEDCHAT_DELIVERY_BATCH_SIZE", "1")).delivery()).isEqualTo(DeliveryConfig.DEFAULTS.withBatchSize(1));
        assertThat(config(Map.of("FEDCHAT_DELIVERY_BATCH_SIZE", "1"), "--delivery-batch-size", "200").delivery().batchSize())
                .isEqualTo(200);
        assertThat(config(Map.of("FEDCHAT_DELIVERY_BATCH_SIZE", " ")).delivery()).isEqualTo(DeliveryConfig.DEFAULTS);
        assertThatThrownBy(() -> config(Map.of("FEDCHAT_DELIVERY_BATCH_SIZE", "fifty")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FEDCHAT_DELIVERY_BATCH_SIZE").hasMessageContaining("fifty");
        assertThatThrownBy(() -> config(Map.of(), "--delivery-batch-size", "0"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--delivery-batch-size").hasMessageContaining("got 0");
    }

    @Test
    void theDeliveryProbe_isOnByDefault_andSwitchedOffByOptionOrVariable() {
        assertThat(config(Map.of()).delivery().probe().enabled()).isTrue();
        assertThat(config(Map.of("FEDCHAT_DELIVERY_PROBE", "off")).delivery().probe().enabled()).isFalse();
        assertThat(config(Map.of("FEDCHAT_DELIVERY_PROBE", "off"), "--delivery-probe", "on").delivery().probe().enabled()).isTrue();
        assertThat(config(Map.of("FEDCHAT_DELIVERY_BATCH_SIZE", "1"), "--delivery-probe", "off").delivery())
                .isEqualTo(DeliveryConfig.DEFAULTS.withBatchSize(1).withProbe(ProbeConfig.DEFAULTS.withEnabled(false)));
        assertThatThrownBy(() -> config(Map.of("FEDCHAT_DELIVERY_PROBE", "sometimes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("FEDCHAT_DELIVERY_PROBE").hasMessageContaining("sometimes");
    }

    /** Parses {@code args} as {@code fedchat serve} would and builds the config against {@code env}. */
    private static ServerConfig config(Map<String, String> env, String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve.options.toConfig(env);
    }
}
