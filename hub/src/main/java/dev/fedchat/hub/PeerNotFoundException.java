package dev.fedchat.hub;

/** A lookup of a domain the hub has no confirmed entry for (404). */
final class PeerNotFoundException extends RuntimeException {
    PeerNotFoundException(String message) {
        super(message);
    }
}
