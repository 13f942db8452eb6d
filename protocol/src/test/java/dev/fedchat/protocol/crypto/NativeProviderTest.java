package dev.fedchat.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The native provider loads here, and it and the JDK are byte-compatible in both directions. */
class NativeProviderTest {
    private static final PublicKey SENDER_PUBLIC = Pem.readPublic(Vectors.text("senderKeys", "publicPem"));
    private static final PrivateKey SENDER_PRIVATE = Pem.readPrivate(Vectors.text("senderKeys", "privatePem"));
    private static final PublicKey RECEIVER_PUBLIC = Pem.readPublic(Vectors.text("receiverKeys", "publicPem"));
    private static final PrivateKey RECEIVER_PRIVATE = Pem.readPrivate(Vectors.text("receiverKeys", "privatePem"));
    private final CryptoProvider nativeProvider = CryptoProvider.preferNative();
    private final PayloadCipher nativeCipher = new PayloadCipher(nativeProvider);
    private final PayloadCipher jdkCipher = new PayloadCipher(CryptoProvider.jdk());

    @Test
    void nativeProvider_loadsOnThisLinuxX8664Machine() {
        assertThat(nativeProvider.name()).isEqualTo("AmazonCorrettoCryptoProvider");
    }

    @Test
    void nativeProvider_opensTheNodeRsaVector_andSignsByteForByteLikeIt() throws Exception {
        byte[] wire = Base64.getDecoder().decode(Vectors.text("wireBodyBase64"));
        assertThat(new String(nativeCipher.open(wire, SENDER_PUBLIC, RECEIVER_PRIVATE), StandardCharsets.UTF_8))
                .isEqualTo(Vectors.text("dispatchBodyPlainJson"));
        byte[] step1 = Base64.getDecoder().decode(Vectors.text("step1Base64"));
        assertThat(nativeCipher.sign(step1, SENDER_PRIVATE)).isEqualTo(wire);
    }

    @Test
    void eachProvider_opensWhatTheOtherSealed() {
        byte[] plain = new byte[10_240];
        new Random(3).nextBytes(plain);
        byte[] byNative = nativeCipher.seal(plain, RECEIVER_PUBLIC, SENDER_PRIVATE);
        byte[] byJdk = jdkCipher.seal(plain, RECEIVER_PUBLIC, SENDER_PRIVATE);
        assertThat(jdkCipher.open(byNative, SENDER_PUBLIC, RECEIVER_PRIVATE)).isEqualTo(plain);
        assertThat(nativeCipher.open(byJdk, SENDER_PUBLIC, RECEIVER_PRIVATE)).isEqualTo(plain);
    }
}
