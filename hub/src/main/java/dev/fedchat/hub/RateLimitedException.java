package dev.fedchat.hub;

import java.time.Duration;

/** A request refused for now (429); {@link #retryAfter} becomes the {@code Retry-After} header. */
final class RateLimitedException extends RuntimeException {
    private final Duration retryAfter;

    RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least 1, as {@code Retry-After} wants them. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
