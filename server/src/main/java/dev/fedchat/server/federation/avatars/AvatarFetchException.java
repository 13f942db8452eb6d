package dev.fedchat.server.federation.avatars;

/** A remote user's picture could not be had from their home server; the message names the server and why. */
final class AvatarFetchException extends Exception {
    AvatarFetchException(String message) {
        super(message);
    }
}
