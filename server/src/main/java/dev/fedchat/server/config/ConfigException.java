package dev.fedchat.server.config;

/** A setting or start variable that stops the start; its message names the setting and the value. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
