package dev.fedchat.protocol.discovery;

/**
 * The records could not be computed because one input is unusable; {@link #input()} says which,
 * the message says why in words an operator can act on.
 */
public final class DnsRecordsException extends RuntimeException {

    /** Which input was wrong. */
    public enum Input {
        /** {@code FEDERATION_Domain}: empty, or not a DNS name records can be published under. */
        DOMAIN,
        /** {@code Site_Url}: not an absolute http(s) URL with a host. */
        SITE_URL,
        /** The public key: not an RSA public key. */
        PUBLIC_KEY,
        /** A DNS server given as {@code host:port} for the {@code dig} commands. */
        DNS_SERVER
    }

    private final Input input;

    public DnsRecordsException(Input input, String message) {
        super(message);
        this.input = input;
    }

    public Input input() {
        return input;
    }
}
