package dev.fedchat.protocol.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;

/**
 * A short name for a public key that people can compare by eye: {@code SHA256:} and the unpadded
 * base64 of the SHA-256 of its SubjectPublicKeyInfo, the form OpenSSH prints.
 */
public final class KeyFingerprint {
    private KeyFingerprint() {}

    public static String of(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The fingerprint of a PEM text; throws {@link InvalidKeyTextException} when it is not a key. */
    public static String of(String pem) {
        return of(Pem.readPublic(pem));
    }
}
