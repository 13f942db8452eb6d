package dev.fedchat.protocol.discovery;

/**
 * An SRV record (RFC 2782). Rocket.Chat peers take the first record of the answer and ignore
 * priority and weight (federation-protocol.md §4.1 step 5); with a single record that does not
 * matter.
 *
 * @param target the host name with its trailing dot, as SRV data is written
 */
public record SrvRecord(String name, int ttl, int priority, int weight, int port, String target) implements DnsRecord {

    @Override
    public String type() {
        return "SRV";
    }

    @Override
    public String value() {
        return priority + " " + weight + " " + port + " " + target;
    }
}
