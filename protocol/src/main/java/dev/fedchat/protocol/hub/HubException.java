package dev.fedchat.protocol.hub;

/**
 * A hub call that did not succeed. The message says what was asked of which hub and what came
 * back, in words an operator can act on ({@code POST https://hub.example/api/v1/peers answered
 * HTTP 503: ...}, {@code could not connect to https://hub.example: connection refused}); the
 * reason lets a caller react without reading the message.
 */
public final class HubException extends RuntimeException {

    /** What went wrong, from the caller's point of view. */
    public enum Reason {
        /** The hub URL is not an absolute http(s) URL. */
        INVALID_URL,
        /** No usable connection: refused, unreachable, an unknown host, or a connection broken before the answer. */
        CONNECTION_FAILED,
        /** Connected (or tried to) but no answer within the timeout. */
        TIMEOUT,
        /** The hub answered with a status other than 2xx (for a lookup: other than 404). */
        HTTP_ERROR,
        /** Lookup only: the hub does not know the domain (404, or an answer without {@code peer}). */
        PEER_NOT_FOUND,
        /** The hub answered 2xx with a body that is not what the protocol says. */
        BAD_ANSWER,
        /** The calling thread was interrupted while waiting; its interrupt flag is set again. */
        INTERRUPTED
    }

    private final Reason reason;

    public HubException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public HubException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
