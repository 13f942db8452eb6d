package dev.fedchat.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;

/**
 * Where ciphers come from: the JDK's own providers, or a given one (a native provider such as
 * Amazon Corretto Crypto Provider, when it loads). Both produce byte-compatible results.
 */
public final class CryptoProvider {
    private final Provider provider;

    private CryptoProvider(Provider provider) {
        this.provider = provider;
    }

    /** The JDK's default providers. */
    public static CryptoProvider jdk() {
        return new CryptoProvider(null);
    }

    public static CryptoProvider of(Provider provider) {
        return new CryptoProvider(provider);
    }

    Cipher cipher(String transformation) throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance(transformation) : Cipher.getInstance(transformation, provider);
    }

    public String name() {
        return provider == null ? "JDK" : provider.getName();
    }
}
