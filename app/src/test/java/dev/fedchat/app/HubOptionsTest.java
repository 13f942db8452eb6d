package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.hub.HubConfig;
import dev.fedchat.hub.HubConfigException;
import dev.fedchat.hub.HubDatabaseConfig;
import dev.fedchat.hub.HubLimits;
import dev.fedchat.hub.HubServer;
import dev.fedchat.hub.MailConfig;
import dev.fedchat.server.config.ConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How {@code fedchat hub} turns its flags and {@code FEDCHAT_*} variables into a {@link HubConfig}. */
class HubOptionsTest {

    @Test
    void noFlagsAndNoEnvironment_giveTheDefaults_andSmtpWithoutAHost() {
        HubConfig config = config(Map.of());
        assertThat(config.port()).isEqualTo(HubConfig.DEFAULT_PORT);
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.database()).isEqualTo(HubDatabaseConfig.embedded(Path.of("./data-hub")));
        assertThat(config.publicUrl()).isEmpty();
        assertThat(config.mail().transport()).isEqualTo(MailConfig.Transport.SMTP);
        assertThat(config.mail().smtpHost()).isEmpty();
        assertThat(config.mail().from()).isEqualTo("hub@localhost");
        assertThat(config.limits()).isEqualTo(HubLimits.DEFAULTS);
    }

    @Test
    void limitFlags_becomeTheHubsLimits() {
        HubLimits limits = config(Map.of(), "--registrations-per-hour", "5", "--lookups-per-minute", "120",
                "--mail-interval", "15").limits();
        assertThat(limits.registrations()).isEqualTo(new HubLimits.PerAddress(5, Duration.ofHours(1)));
        assertThat(limits.lookups()).isEqualTo(new HubLimits.PerAddress(120, Duration.ofMinutes(1)));
        assertThat(limits.mailInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(limits.linkLifetime()).isEqualTo(HubLimits.DEFAULTS.linkLifetime());
    }

    @Test
    void aLimitBelowOne_isRefused_namingTheFlagAndTheValue() {
        assertThatThrownBy(() -> config(Map.of(), "--lookups-per-minute", "0")).isInstanceOf(HubConfigException.class)
                .hasMessage("--lookups-per-minute must be at least 1, got 0");
        assertThatThrownBy(() -> config(Map.of(), "--registrations-per-hour=-3")).isInstanceOf(HubConfigException.class)
                .hasMessage("--registrations-per-hour must be at least 1, got -3");
        assertThatThrownBy(() -> config(Map.of(), "--mail-interval", "0")).isInstanceOf(HubConfigException.class)
                .hasMessage("--mail-interval must be at least 1, got 0");
    }

    @Test
    void help_showsEachLimitsDefault() {
        String help = new CommandLine(new HubCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help).containsPattern("--registrations-per-hour=N\\s+Registration requests[^(]+\\(default: 30\\)")
                .containsPattern("--lookups-per-minute=N\\s+Lookups[^(]+\\(default: 600\\)")
                .containsPattern("--mail-interval=MINUTES\\s+At most one[^(]+\\(default: 5\\)");
    }

    @Test
    void smtpSettings_comeFromTheFlags_elseFromTheEnvironment() {
        Map<String, String> env = Map.of("FEDCHAT_SMTP_HOST", "mail.env.example", "FEDCHAT_SMTP_PORT", "2525",
                "FEDCHAT_SMTP_USER", "hub", "FEDCHAT_SMTP_PASSWORD", "secret", "FEDCHAT_SMTP_STARTTLS", "true",
                "FEDCHAT_HUB_PUBLIC_URL", "https://hub.example.org");
        MailConfig fromEnv = config(env).mail();
        assertThat(fromEnv).isEqualTo(new MailConfig(MailConfig.Transport.SMTP, Optional.of("mail.env.example"), 2525,
                Optional.of("hub"), Optional.of("secret"), true, "hub@hub.example.org"));
        assertThat(config(env).publicUrl()).contains(URI.create("https://hub.example.org"));

        MailConfig fromFlags = config(env, "--smtp-host", "mail.flag.example", "--smtp-port", "587", "--smtp-starttls=false",
                "--mail-from", "directory@example.org").mail();
        assertThat(fromFlags.smtpHost()).contains("mail.flag.example");
        assertThat(fromFlags.smtpPort()).isEqualTo(587);
        assertThat(fromFlags.startTls()).isFalse();
        assertThat(fromFlags.from()).isEqualTo("directory@example.org");
    }

    @Test
    void mailLog_isChosenOnlyExplicitly_andAnythingElseIsRefused() {
        assertThat(config(Map.of(), "--mail=log").mail().transport()).isEqualTo(MailConfig.Transport.LOG);
        assertThat(config(Map.of("FEDCHAT_MAIL", "log")).mail().transport()).isEqualTo(MailConfig.Transport.LOG);
        assertThatThrownBy(() -> config(Map.of(), "--mail=carrier-pigeon")).isInstanceOf(HubConfigException.class)
                .hasMessageContaining("--mail must be smtp or log").hasMessageContaining("carrier-pigeon");
        assertThatThrownBy(() -> config(Map.of("FEDCHAT_SMTP_PORT", "x"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("FEDCHAT_SMTP_PORT");
    }

    @Test
    void withoutAnSmtpHost_theHubDoesNotStart(@TempDir Path dir) {
        HubConfig config = config(Map.of(), "--data-dir", dir.toString(), "--port", "0");
        assertThatThrownBy(() -> HubServer.start(config)).isInstanceOf(HubConfigException.class)
                .hasMessageContaining("--smtp-host").hasMessageContaining("--mail=log");
    }

    @Test
    void aPostgresUrl_replacesTheEmbeddedDatabase() {
        HubConfig config = config(Map.of(), "--db-url", "jdbc:postgresql://db:5432/hub", "--db-user", "hub",
                "--db-password", "pw");
        assertThat(config.database()).isEqualTo(new HubDatabaseConfig("jdbc:postgresql://db:5432/hub", "hub", "pw"));
    }

    private static HubConfig config(Map<String, String> env, String... args) {
        HubCommand command = new HubCommand();
        new CommandLine(command).parseArgs(args);
        return command.options.toConfig(env);
    }
}
