package dev.fedchat.app;

import dev.fedchat.protocol.discovery.DnsjavaLookup;
import dev.fedchat.protocol.doctor.Checklist;
import dev.fedchat.protocol.doctor.Expectations;
import dev.fedchat.protocol.doctor.SetupDoctor;
import dev.fedchat.server.config.ConfigException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fedchat doctor <domain>}: resolves a federation domain the way a peer would and prints
 * the checklist ({@link SetupDoctor}), each failure with its fix. Needs no database, so it runs
 * beside a server, on any machine, against any domain (a Rocket.Chat server's too).
 *
 * <p>Exit code 0 when no check failed, 1 when one did, 2 for a usage mistake.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check a federation domain as a peer sees it: SRV, target, port, API, key TXT, and that the "
                + "published key is the server's. Exit code 0 only when nothing failed.")
final class DoctorCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DOMAIN", description = "The federation domain to check, e.g. example.org")
    String domain;

    @Option(names = "--dns-server", paramLabel = "HOST:PORT",
            description = "Ask this DNS server instead of the system's resolvers (default: $FEDCHAT_DNS_SERVER)")
    String dnsServer;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long to wait for each DNS answer and network call (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (timeoutSeconds < 1) {
            throw new ConfigException("--timeout must be at least 1 second, got " + timeoutSeconds);
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        SetupDoctor doctor = new SetupDoctor(DnsjavaLookup.of(DnsServerOption.resolve(dnsServer, System.getenv(DnsServerOption.ENV)), timeout), timeout);
        Checklist checklist = doctor.examine(domain, Expectations.none());
        spec.commandLine().getOut().print(checklist.render());
        spec.commandLine().getOut().flush();
        return checklist.passed() ? 0 : 1;
    }
}
