package dev.fedchat.app;

import dev.fedchat.hub.HubDatabaseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the hub's directory lives: shared by {@code fedchat hub} and its admin subcommands. */
final class HubDatabaseOptions {
    @Option(names = "--data-dir", defaultValue = "./data-hub",
            description = "Holds the hub's embedded database, hub.mv.db (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Mixin
    JdbcOptions jdbc = new JdbcOptions();

    HubDatabaseConfig toConfig() {
        return jdbc.given() ? new HubDatabaseConfig(jdbc.url, jdbc.user, jdbc.password) : HubDatabaseConfig.embedded(dataDir);
    }
}
