package dev.fedchat.server.federation.transport;

/**
 * A call to a peer that did not succeed, classified once, here, so callers only react: retry
 * later, give up on this content, or suspect the keys (STYLE.md §6).
 */
public final class PeerCallException extends Exception {

    public enum Kind {
        /** Network trouble, a timeout, a 5xx or 429, a peer not (yet) found, federation off there: try again later. */
        TRANSIENT,
        /** The peer refused the content itself (another 4xx): the same request will fail again. */
        REJECTED,
        /** The peer could not decrypt our request: its view of our key, or ours of its, is stale. */
        UNTRUSTED
    }

    private final Kind kind;

    public PeerCallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PeerCallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
