package dev.fedchat.hub;

import java.time.Duration;

/**
 * A request refused for now (429); {@link #retryAfter} becomes the {@code Retry-After} header.
 * {@link #repeated} marks a refusal of a client already refused since its last accepted request,
 * which the log does not repeat: a client hammering the hub must not flood its log too.
 */
final class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;
    private final boolean repeated;

    RateLimitedException(String message, Duration retryAfter) {
        this(message, retryAfter, false);
    }

    RateLimitedException(String message, Duration retryAfter, boolean repeated) {
        super(message);
        this.retryAfter = retryAfter;
        this.repeated = repeated;
    }

    boolean repeated() {
        return repeated;
    }

    /** Whole seconds, at least 1, as {@code Retry-After} wants them. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
