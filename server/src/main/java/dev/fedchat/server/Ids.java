package dev.fedchat.server;

import java.security.SecureRandom;

/**
 * Rocket.Chat-compatible ids: 17 characters from Meteor's {@code Random.id()} alphabet
 * (client-api.md §1), drawn from a {@link SecureRandom} because ids double as unguessable file
 * and room handles. Thread-safe.
 */
public final class Ids {
    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int LENGTH = 17;

    private final SecureRandom random;

    public Ids(SecureRandom random) {
        this.random = random;
    }

    public String next() {
        return secret(LENGTH);
    }

    /** A secret of {@code length} characters from the same alphabet (login tokens). */
    public String secret(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(out);
    }
}
