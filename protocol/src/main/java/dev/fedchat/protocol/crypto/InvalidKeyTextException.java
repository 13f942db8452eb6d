package dev.fedchat.protocol.crypto;

/** A key text (setting, DNS TXT record, hub entry) that is not a usable RSA key; the message says why. */
public final class InvalidKeyTextException extends RuntimeException {
    public InvalidKeyTextException(String message) {
        super(message);
    }
}
