package dev.fedchat.protocol.discovery;

import java.net.InetAddress;

/**
 * The three DNS questions federation asks. Names are absolute, without the trailing dot.
 * Implementations never throw for DNS outcomes; they describe them in a {@link DnsAnswer}.
 */
public interface DnsLookup {

    DnsAnswer<SrvRecord> srv(String name);

    DnsAnswer<TxtRecord> txt(String name);

    /** A and AAAA records of a host. */
    DnsAnswer<InetAddress> addresses(String host);

    /** Which resolver answers, for messages ("the system resolver", "127.0.0.1:5353"). */
    String describe();

    /** False for a lookup that asks nothing ({@link NoDnsLookup}); {@link #describe()} then says why. */
    default boolean asks() {
        return true;
    }
}
