package dev.fedchat.protocol.discovery;

import java.util.Optional;

/**
 * One DNS record a federated server publishes. Names are absolute and written without the
 * trailing dot (as providers' web forms want them); {@link #zoneLine()} adds it, as zone files
 * need it.
 */
public sealed interface DnsRecord permits SrvRecord, TxtRecord {

    /** The fully qualified owner name without the trailing dot, e.g. {@code _rocketchat._https.example.org}. */
    String name();

    /** {@code SRV} or {@code TXT}. */
    String type();

    /** Time to live in seconds. */
    int ttl();

    /**
     * The record data as a zone file writes it, which is also what {@code dig +short} prints for
     * the record: {@code 1 1 443 chat.example.org.} or {@code "part1" "part2"}.
     */
    String value();

    /** The record as one BIND zone-file line with an absolute name: {@code <name>. <ttl> IN <type> <value>}. */
    default String zoneLine() {
        return name() + ". " + ttl() + " IN " + type() + " " + value();
    }

    /**
     * The {@code dig} command that shows this record as peers see it; with a DNS server, the
     * command asks that server ({@code dig -p <port> @<host> ...}, the port left out when 53).
     */
    default String digCommand(Optional<DnsServerAddress> server) {
        String at = server.map(s -> (s.port() == DnsServerAddress.DEFAULT_PORT ? "" : "-p " + s.port() + " ")
                + "@" + s.host() + " ").orElse("");
        return "dig " + at + "+short " + type() + " " + name();
    }
}
