package dev.fedchat.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * RSA keys in the PEM forms Rocket.Chat federation uses (federation-protocol.md §2): public keys as
 * SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}), private keys as PKCS#8, written as a
 * single line with no line breaks.
 *
 * <p>Reading is as tolerant as node-rsa's: header and footer are dropped, then every character
 * that cannot be base64 (spaces, line breaks, the quotes of DNS TXT strings pasted together) is
 * removed before decoding. Thread-safe (stateless).
 */
public final class Pem {
    private static final String PUBLIC_HEADER = "-----BEGIN PUBLIC KEY-----";
    private static final String PUBLIC_FOOTER = "-----END PUBLIC KEY-----";
    private static final String PRIVATE_HEADER = "-----BEGIN PRIVATE KEY-----";
    private static final String PRIVATE_FOOTER = "-----END PRIVATE KEY-----";

    private Pem() {}

    public static PublicKey readPublic(String pem) {
        byte[] der = body(pem, "PUBLIC KEY");
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            if (!(key instanceof RSAPublicKey)) {
                throw new InvalidKeyTextException("the key is not an RSA public key");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyTextException("the text is not an RSA public key (SubjectPublicKeyInfo): " + e.getMessage());
        }
    }

    public static PrivateKey readPrivate(String pem) {
        byte[] der = body(pem, "PRIVATE KEY");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyTextException("the text is not an RSA private key (PKCS#8): " + e.getMessage());
        }
    }

    /** Single-line PEM, as Rocket.Chat stores and publishes keys. */
    public static String writePublic(PublicKey key) {
        return PUBLIC_HEADER + Base64.getEncoder().encodeToString(key.getEncoded()) + PUBLIC_FOOTER;
    }

    public static String writePrivate(PrivateKey key) {
        return PRIVATE_HEADER + Base64.getEncoder().encodeToString(key.getEncoded()) + PRIVATE_FOOTER;
    }

    private static byte[] body(String pem, String label) {
        if (pem == null || pem.isBlank()) {
            throw new InvalidKeyTextException("no key text");
        }
        String text = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", " ");
        if (!pem.contains("-----BEGIN " + label + "-----") && pem.contains("-----BEGIN ")) {
            throw new InvalidKeyTextException("expected a PEM " + label + ", found " + pem.substring(pem.indexOf("-----BEGIN "),
                    Math.min(pem.length(), pem.indexOf("-----BEGIN ") + 40)));
        }
        String base64 = text.replaceAll("[^A-Za-z0-9+/=]", "");
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyTextException("the key text is not valid base64: " + e.getMessage());
        }
    }
}
