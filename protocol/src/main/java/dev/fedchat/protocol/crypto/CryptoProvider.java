package dev.fedchat.protocol.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ciphers come from: the JDK's own providers, or a given one (a native provider such as
 * Amazon Corretto Crypto Provider, when it loads). Both produce byte-compatible results.
 */
public final class CryptoProvider {
    private static final Logger log = LoggerFactory.getLogger(CryptoProvider.class);
    private final Provider provider;

    private CryptoProvider(Provider provider) {
        this.provider = provider;
    }

    /**
     * Amazon Corretto Crypto Provider when its native library loads and passes its self-test on
     * this machine, the JDK otherwise; {@link #name()} says which.
     */
    public static CryptoProvider preferNative() {
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        if (accp.getLoadingError() != null) {
            log.info("Native crypto (Amazon Corretto Crypto Provider) is not available here ({}); using the JDK's",
                    accp.getLoadingError().toString());
            return jdk();
        }
        try {
            accp.assertHealthy();
            return new CryptoProvider(accp);
        } catch (RuntimeException e) {
            log.warn("Native crypto (Amazon Corretto Crypto Provider) failed its self-test ({}); using the JDK's", e.toString());
            return jdk();
        }
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
