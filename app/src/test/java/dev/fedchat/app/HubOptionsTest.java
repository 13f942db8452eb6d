package dev.fedchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.hub.HubConfig;
import dev.fedchat.hub.HubConfigException;
import dev.fedchat.hub.HubDatabaseConfig;
import dev.fedchat.hub.HubServer;
import dev.fedchat.hub.MailConfig;
import dev.fedchat.server.config.ConfigException;
import java.net.URI;
import java.nio.file.Path;
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
