package dev.fedchat.hub;

/**
 * A mail the transport did not accept (SMTP server down, refused, authentication failed). The
 * message says which, for the hub's log; it may name the SMTP server, so only {@link #to()} is
 * shown to the requester.
 */
public final class MailException extends RuntimeException {
    private final String to;

    public MailException(String to, String message, Throwable cause) {
        super(message, cause);
        this.to = to;
    }

    /** The recipient of the mail that failed. */
    public String to() {
        return to;
    }
}
