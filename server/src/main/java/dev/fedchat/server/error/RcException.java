package dev.fedchat.server.error;

/**
 * A failure that reaches the client as one of Rocket.Chat's envelopes (client-api.md §1).
 *
 * <p>Services throw it; the API layers render it in exactly one place each ({@code RcErrors} for
 * REST, the DDP session for methods). {@code errorType} is Rocket.Chat's error code (for example
 * {@code error-invalid-room}); {@code reason} is the human text. A 400 renders as
 * {@code "<reason> [<errorType>]"} like a thrown {@code Meteor.Error}.
 */
public final class RcException extends RuntimeException {
    private final int status;
    private final String errorType;
    private final String reason;
    private final long retryAfterMillis;

    public RcException(int status, String errorType, String reason) {
        this(status, errorType, reason, 0);
    }

    private RcException(int status, String errorType, String reason, long retryAfterMillis) {
        super(errorType == null ? reason : reason + " [" + errorType + "]");
        this.status = status;
        this.errorType = errorType;
        this.reason = reason;
        this.retryAfterMillis = retryAfterMillis;
    }

    /** 400 with a Rocket.Chat error code, e.g. {@code invalid("error-invalid-room", "Invalid room")}. */
    public static RcException invalid(String errorType, String reason) {
        return new RcException(400, errorType, reason);
    }

    /** 400 for a request whose fields are missing or of the wrong type. */
    public static RcException invalidParams(String reason) {
        return new RcException(400, "invalid-params", reason);
    }

    public static RcException unauthorized() {
        return new RcException(401, null, "You must be logged in to do this.");
    }

    public static RcException forbidden() {
        return new RcException(403, "error-unauthorized",
                "User does not have the permissions required for this action");
    }

    public static RcException notAllowed(String reason) {
        return new RcException(400, "error-not-allowed", reason);
    }

    public static RcException tooManyRequests(long retryAfterMillis) {
        long seconds = Math.max(1, (retryAfterMillis + 999) / 1000);
        return new RcException(429, "error-too-many-requests",
                "Error, too many requests. Please slow down. You must wait " + seconds
                        + " seconds before trying this endpoint again.", retryAfterMillis);
    }

    public int status() {
        return status;
    }

    /** Rocket.Chat's error code, or null for plain failures. */
    public String errorType() {
        return errorType;
    }

    public String reason() {
        return reason;
    }

    /** For 429: how long until the caller may try again. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
