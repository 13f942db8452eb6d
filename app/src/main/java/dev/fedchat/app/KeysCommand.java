package dev.fedchat.app;

import dev.fedchat.server.config.ServerConfig;
import dev.fedchat.server.db.Database;
import dev.fedchat.server.federation.settings.FederationKeyStore;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchat keys show}: the server's federation public key, single-line PEM, as peers must
 * find it (the DNS TXT record or the hub). Reads the same database the server uses; on a new
 * database it creates the key pair, exactly as the server's first start would.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "This server's federation keys.",
        subcommands = {KeysCommand.Show.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the public key (single-line PEM).")
    static final class Show implements Runnable {
        @Mixin
        ServerOptions options = new ServerOptions();

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            ServerConfig config = options.toConfig(System.getenv());
            try (Database db = Database.open(config.database())) {
                spec.commandLine().getOut().println(new FederationKeyStore(db.jdbi(), Clock.systemUTC()).loadOrCreate().publicPem());
                spec.commandLine().getOut().flush();
            }
        }
    }
}
