package dev.fedchat.server.federation.events;

/** An event that cannot be accepted as sent: a missing field, an unknown type, a broken rule. */
public final class InvalidEventException extends RuntimeException {
    public InvalidEventException(String message) {
        super(message);
    }
}
