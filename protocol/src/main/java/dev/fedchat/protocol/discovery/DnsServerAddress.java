package dev.fedchat.protocol.discovery;

/**
 * A DNS server to ask instead of the system's resolver, written {@code host:port}
 * ({@code 127.0.0.1:5353}, {@code [::1]:5353}, or a bare host for port 53). Used for split-horizon
 * setups and tests.
 */
public record DnsServerAddress(String host, int port) {
    public static final int DEFAULT_PORT = 53;

    public DnsServerAddress {
        if (host == null || host.isBlank()) {
            throw new DnsRecordsException(DnsRecordsException.Input.DNS_SERVER, "the DNS server has no host");
        }
        if (port < 1 || port > 65535) {
            throw new DnsRecordsException(DnsRecordsException.Input.DNS_SERVER,
                    "the DNS server port must be between 1 and 65535, got " + port);
        }
    }

    /** Reads {@code host}, {@code host:port} or {@code [v6-address]:port}. */
    public static DnsServerAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        String host = t;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw invalid(text, "an IPv6 address in [ ] has no closing ]");
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(text, "expected :port after ]");
                }
                port = rest.substring(1);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        } // more than one ':' and no brackets: a bare IPv6 address on port 53
        if (host.isEmpty()) {
            throw invalid(text, "there is no host");
        }
        if (port == null) {
            return new DnsServerAddress(host, DEFAULT_PORT);
        }
        try {
            return new DnsServerAddress(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw invalid(text, "the port '" + port + "' is not a number");
        }
    }

    private static DnsRecordsException invalid(String text, String why) {
        return new DnsRecordsException(DnsRecordsException.Input.DNS_SERVER,
                "the DNS server must be host:port (e.g. 127.0.0.1:5353), got '" + text + "': " + why);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
