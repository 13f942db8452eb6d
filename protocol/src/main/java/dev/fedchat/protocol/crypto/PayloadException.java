package dev.fedchat.protocol.crypto;

/**
 * A federation body that could not be opened. Never garbage: either the exact plaintext comes out
 * or this is thrown with what went wrong.
 */
public final class PayloadException extends RuntimeException {

    /** What was wrong with the body. */
    public enum Reason {
        /** Not a whole number of RSA blocks: cut short or padded. */
        TRUNCATED,
        /** A block did not open: another key, a changed byte, or blocks out of order. */
        WRONG_KEY_OR_TAMPERED,
        /** The body is not the JSON form of a Node Buffer. */
        NOT_A_BUFFER,
        /** The blocks opened, but the plaintext is not a JSON object. */
        NOT_JSON
    }

    private final Reason reason;

    public PayloadException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PayloadException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
