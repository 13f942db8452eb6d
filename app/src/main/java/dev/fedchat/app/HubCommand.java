package dev.fedchat.app;

import dev.fedchat.hub.HubAdmin;
import dev.fedchat.hub.HubServer;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fedchat hub}: the federation hub until Ctrl-C; {@code fedchat hub list} and
 * {@code fedchat hub remove DOMAIN} administer its directory directly on its database (on the
 * embedded database with the hub stopped, on PostgreSQL at any time). See docs/hub.md.
 */
@Command(name = "hub", mixinStandardHelpOptions = true,
        description = "Start the federation hub: servers register, the webmaster of their domain confirms by mail,"
                + " anyone looks them up.",
        subcommands = {HubCommand.ListEntries.class, HubCommand.Remove.class})
final class HubCommand implements Runnable {
    @Mixin
    HubOptions options = new HubOptions();

    @Override
    public void run() {
        HubServer hub = HubServer.start(options.toConfig(System.getenv()));
        RunUntilStopped.await(hub);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every domain: its listed entry and its pending registrations.")
    static final class ListEntries implements Runnable {
        @Mixin
        HubDatabaseOptions database = new HubDatabaseOptions();

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (HubAdmin admin = HubAdmin.open(database.toConfig(), Clock.systemUTC())) {
                var entries = admin.entries();
                if (entries.isEmpty()) {
                    out.println("The hub's directory is empty.");
                }
                for (HubAdmin.Entry e : entries) {
                    out.println(e.domain() + e.listed().map(l -> "  listed: " + l.url() + "  key " + l.fingerprint()
                            + "  confirmed " + l.confirmedAt()).orElse("  not listed (never confirmed)"));
                    for (HubAdmin.Pending p : e.pending()) {
                        out.println("    pending: " + p.url() + "  key " + p.fingerprint() + "  from " + p.fromAddress()
                                + "  registered " + p.registeredAt()
                                + (p.expired() ? "  link expired " : "  link valid until ") + p.expiresAt());
                    }
                }
            }
            out.flush();
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a domain: its listed entry and its pending registrations (their links stop working).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        HubDatabaseOptions database = new HubDatabaseOptions();

        @Parameters(paramLabel = "DOMAIN", description = "The domain to remove")
        String domain;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (HubAdmin admin = HubAdmin.open(database.toConfig(), Clock.systemUTC())) {
                if (admin.remove(domain)) {
                    spec.commandLine().getOut().println("Removed " + domain + " from the hub's directory.");
                    spec.commandLine().getOut().flush();
                    return 0;
                }
                spec.commandLine().getErr().println("fedchat hub remove: the hub does not know " + domain);
                return 1;
            }
        }
    }
}
