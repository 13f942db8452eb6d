package dev.fedchat.protocol.testing;

import dev.fedchat.protocol.crypto.Pem;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;

/** Fresh RSA-2048 key pairs for tests, and their public keys in the single-line PEM DNS carries. */
public final class TestKeys {
    private TestKeys() {}

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicPem(KeyPair keys) {
        return Pem.writePublic(keys.getPublic());
    }

    /** The text cut into pieces of at most {@code size} characters, as DNS character-strings. */
    public static String[] pieces(String text, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            out.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return out.toArray(String[]::new);
    }
}
