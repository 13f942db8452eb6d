package dev.fedchat.app;

import dev.fedchat.hub.HubDatabaseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the hub's directory lives: shared by {@code fedchat hub} and its admin subcommands. */
final class HubDatabaseOptions {
    @Option(names = "--data-dir", defaultValue = "./data-hub",
            description = "Holds the hub's embedded database, hub.mv.db (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL of a PostgreSQL database to use instead of the embedded one")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "postgres", description = "Database user (default: ${DEFAULT-VALUE})")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "Database password")
    String dbPassword;

    HubDatabaseConfig toConfig() {
        return dbUrl == null ? HubDatabaseConfig.embedded(dataDir) : new HubDatabaseConfig(dbUrl, dbUser, dbPassword);
    }
}
