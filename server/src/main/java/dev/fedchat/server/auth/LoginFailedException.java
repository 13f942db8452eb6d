package dev.fedchat.server.auth;

/**
 * A login that did not succeed. REST masks the reason as 401 "Unauthorized"; DDP reports it as
 * Meteor does, a 403 with {@code reason} ("User not found", "Incorrect password").
 */
public final class LoginFailedException extends RuntimeException {
    public LoginFailedException(String reason) {
        super(reason);
    }

    public String reason() {
        return getMessage();
    }
}
