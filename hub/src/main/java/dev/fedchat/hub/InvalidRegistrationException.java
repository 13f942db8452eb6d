package dev.fedchat.hub;

/** A registration or lookup the hub refuses as malformed (400); the message names the field and what is wrong. */
final class InvalidRegistrationException extends RuntimeException {
    InvalidRegistrationException(String message) {
        super(message);
    }
}
