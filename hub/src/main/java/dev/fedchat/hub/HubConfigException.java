package dev.fedchat.hub;

/** A hub option that stops the start (or an admin command); the message names the option and what to do. */
public final class HubConfigException extends RuntimeException {
    public HubConfigException(String message) {
        super(message);
    }
}
