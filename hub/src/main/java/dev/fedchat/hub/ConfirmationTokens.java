package dev.fedchat.hub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The secrets in confirmation links: 256 random bits, URL-safe base64. The database keeps only
 * their SHA-256, so a copy of the database (a backup, a leaked dump) confirms nothing. A plain hash
 * is enough here, unlike for passwords: the token is random and long, nothing to guess from.
 * Thread-safe ({@link SecureRandom} is).
 */
final class ConfirmationTokens {
    private static final int BYTES = 32;
    /** What a token looks like; anything else is unknown without asking the database. */
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random;

    ConfirmationTokens(SecureRandom random) {
        this.random = random;
    }

    String next() {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    /** Hex SHA-256 of the token, as stored. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
