package dev.fedchat.app;

import dev.fedchat.protocol.discovery.DnsRecordsException;
import dev.fedchat.protocol.discovery.DnsServerAddress;
import dev.fedchat.server.config.ConfigException;
import java.util.Optional;

/** {@code --dns-server host:port}, or {@code FEDCHAT_DNS_SERVER} when the option is absent. */
final class DnsServerOption {
    static final String ENV = "FEDCHAT_DNS_SERVER";

    private DnsServerOption() {}

    /** The server to ask; a malformed value stops the command with one line naming where it came from. */
    static Optional<DnsServerAddress> resolve(String option, String environment) {
        String source = option != null ? "--dns-server" : ENV;
        String text = option != null ? option : environment;
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DnsServerAddress.parse(text));
        } catch (DnsRecordsException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }
}
