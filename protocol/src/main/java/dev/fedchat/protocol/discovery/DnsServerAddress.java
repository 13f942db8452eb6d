package dev.fedchat.protocol.discovery;

import java.net.InetSocketAddress;

/** Parses the {@code --dns-server host:port} option ({@code FEDCHAT_DNS_SERVER}); port 53 when absent. */
public final class DnsServerAddress {
    private DnsServerAddress() {}

    public static InetSocketAddress parse(String text) {
        String t = text.strip();
        String host = t;
        int port = 53;
        int colon = t.lastIndexOf(':');
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("DNS server '" + text + "': missing ']' after the IPv6 address");
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("DNS server '" + text + "': expected host:port, e.g. 127.0.0.1:5353");
                }
                port = port(text, t.substring(close + 2));
            }
        } else if (colon >= 0 && t.indexOf(':') == colon) {
            host = t.substring(0, colon);
            port = port(text, t.substring(colon + 1));
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("DNS server '" + text + "': the host is missing; expected host:port, e.g. 127.0.0.1:5353");
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("DNS server '" + text + "': the host " + host + " does not resolve");
        }
        return address;
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static int port(String text, String digits) {
        try {
            int port = Integer.parseInt(digits);
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DNS server '" + text + "': '" + digits + "' is not a port (1-65535)");
        }
    }
}
