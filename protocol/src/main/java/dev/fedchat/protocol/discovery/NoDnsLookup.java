package dev.fedchat.protocol.discovery;

import java.net.InetAddress;

/**
 * A {@link DnsLookup} that asks no DNS server: every question fails at once with the reason given,
 * so {@link PeerDiscovery} goes straight to the hub. For servers no DNS can know (the demo's, on
 * one machine), where asking the system's resolvers would only add their timeouts to each lookup.
 */
public final class NoDnsLookup implements DnsLookup {
    private final String reason;

    /** @param reason why DNS is not asked, as a lookup's failure shows it */
    public NoDnsLookup(String reason) {
        this.reason = reason;
    }

    @Override
    public DnsAnswer<SrvRecord> srv(String name) {
        return new DnsAnswer.Failed<>(reason, false);
    }

    @Override
    public DnsAnswer<TxtRecord> txt(String name) {
        return new DnsAnswer.Failed<>(reason, false);
    }

    @Override
    public DnsAnswer<InetAddress> addresses(String host) {
        return new DnsAnswer.Failed<>(reason, false);
    }

    /** Why no DNS server is asked: lookups that see {@link #asks()} false say so once, as the whole DNS step. */
    @Override
    public String describe() {
        return reason;
    }

    @Override
    public boolean asks() {
        return false;
    }
}
