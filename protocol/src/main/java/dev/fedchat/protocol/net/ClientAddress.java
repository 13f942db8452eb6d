package dev.fedchat.protocol.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who a rate limit counts for a request from an address: an IPv4 address itself; for IPv6 its /64,
 * since one subscriber or host usually holds a whole /64 and could take a fresh address for each
 * request (and so a fresh budget). An IPv4 address written as IPv6 ({@code ::ffff:192.0.2.1})
 * counts as IPv4. The one rule for the hub's limits, the server-to-server limits and the login
 * limits. Stateless.
 */
public final class ClientAddress {
    private ClientAddress() {}

    /** The client {@code address} (a literal, bracketed or not) is counted as. */
    public static String of(String address) {
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        if (!literal.contains(":")) {
            return literal;
        }
        try {
            // a literal: InetAddress parses it without asking any resolver
            InetAddress parsed = InetAddress.getByName(literal);
            if (!(parsed instanceof Inet6Address)) {
                return parsed.getHostAddress();
            }
            byte[] b = parsed.getAddress();
            return String.format("%x:%x:%x:%x::/64", group(b, 0), group(b, 2), group(b, 4), group(b, 6));
        } catch (UnknownHostException e) {
            return literal; // not an address after all: counted as it came
        }
    }

    private static int group(byte[] address, int at) {
        return (address[at] & 0xff) << 8 | (address[at + 1] & 0xff);
    }
}
