package dev.fedchat.protocol.discovery;

/**
 * An SRV record (RFC 2782), as published or as read back from DNS. Rocket.Chat peers take the
 * first record of the answer and ignore priority and weight (federation-protocol.md §4.1 step 5);
 * {@link SrvSelection} does not.
 *
 * @param target the host name with its trailing dot, as SRV data is written
 */
public record SrvRecord(String name, int ttl, int priority, int weight, int port, String target) implements DnsRecord {

    @Override
    public String type() {
        return "SRV";
    }

    /** The target as a host name: without the trailing dot; empty for "." (the service is not offered). */
    public String host() {
        return target.endsWith(".") ? target.substring(0, target.length() - 1) : target;
    }

    @Override
    public String value() {
        return priority + " " + weight + " " + port + " " + target;
    }
}
