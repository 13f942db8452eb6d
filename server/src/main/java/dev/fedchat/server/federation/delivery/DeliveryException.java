package dev.fedchat.server.federation.delivery;

/**
 * A dispatch that did not succeed, classified once so the queue knows what to do (STYLE.md:
 * classify every failure in one place).
 */
public final class DeliveryException extends Exception {

    public enum Kind {
        /** Network trouble, a timeout, a 5xx, a peer not found in DNS yet: try again later. */
        TRANSIENT,
        /** The peer refused the content itself (4xx other than 429): retrying the same batch is pointless. */
        REJECTED,
        /** The peer could not decrypt our request or we could not verify it: keys may have rotated. */
        UNTRUSTED
    }

    private final Kind kind;

    public DeliveryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DeliveryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
