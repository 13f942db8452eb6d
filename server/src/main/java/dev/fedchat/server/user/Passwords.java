package dev.fedchat.server.user;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passwords as Meteor stores them: bcrypt of the lower-case hex SHA-256 of the password. REST
 * logins send the password and DDP logins its digest, so one hash verifies both (client-api.md §1).
 */
public final class Passwords {
    /** Meteor's bcrypt cost. */
    private static final int COST = 10;

    private Passwords() {}

    public static String hash(String plainPassword) {
        return BCrypt.withDefaults().hashToString(COST, digest(plainPassword).toCharArray());
    }

    /** True when {@code hexDigest} (lower-case hex SHA-256 of the password) matches {@code hash}. */
    public static boolean matchesDigest(String hexDigest, String hash) {
        if (hash == null || hexDigest == null) {
            return false;
        }
        return BCrypt.verifyer().verify(hexDigest.toLowerCase(java.util.Locale.ROOT).toCharArray(), hash).verified;
    }

    public static boolean matches(String plainPassword, String hash) {
        return matchesDigest(digest(plainPassword), hash);
    }

    /** Lower-case hex SHA-256, the digest DDP clients send. */
    public static String digest(String plainPassword) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(plainPassword.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
