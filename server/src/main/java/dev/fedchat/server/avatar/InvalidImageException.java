package dev.fedchat.server.avatar;

/** Bytes that are not a picture this server accepts as an avatar; the message says why, for the uploader or the log. */
public final class InvalidImageException extends Exception {
    public InvalidImageException(String message) {
        super(message);
    }
}
