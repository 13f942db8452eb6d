package dev.fedchat.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Round trips of every size that matters, and every way a body can be wrong failing loudly. */
class PayloadCipherTest {
    private static final KeyPair ALPHA = generate();
    private static final KeyPair BETA = generate();
    private static final KeyPair STRANGER = generate();
    private final PayloadCipher cipher = new PayloadCipher(CryptoProvider.jdk());

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 213, 214, 215, 428, 429, 500, 1000, 4096, 10_240, 65_536})
    void randomPayloads_roundTrip(int size) {
        byte[] plain = new byte[size];
        new Random(size).nextBytes(plain);
        byte[] wire = cipher.seal(plain, BETA.getPublic(), ALPHA.getPrivate());
        assertThat(wire.length % 256).isZero();
        assertThat(cipher.open(wire, ALPHA.getPublic(), BETA.getPrivate())).isEqualTo(plain);
    }

    @Test
    void sizes_followNodeRsasChunking() {
        // measured with node-rsa (federation-protocol.md §3.2): 10 → 512, 214 → 512, 215 → 768, 500 → 1024, 1000 → 1536
        int[][] expected = {{10, 512}, {214, 512}, {215, 768}, {500, 1024}, {1000, 1536}};
        for (int[] e : expected) {
            assertThat(cipher.seal(new byte[e[0]], BETA.getPublic(), ALPHA.getPrivate())).as("%d bytes", e[0]).hasSize(e[1]);
        }
    }

    @Test
    void openingWithTheWrongSenderKey_fails() {
        byte[] wire = cipher.seal("hello".getBytes(), BETA.getPublic(), ALPHA.getPrivate());
        assertThatThrownBy(() -> cipher.open(wire, STRANGER.getPublic(), BETA.getPrivate()))
                .isInstanceOfSatisfying(PayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(PayloadException.Reason.WRONG_KEY_OR_TAMPERED));
    }

    @Test
    void aBodyForAnotherReceiver_fails() {
        byte[] wire = cipher.seal("hello".getBytes(), STRANGER.getPublic(), ALPHA.getPrivate());
        assertThatThrownBy(() -> cipher.open(wire, ALPHA.getPublic(), BETA.getPrivate()))
                .isInstanceOfSatisfying(PayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(PayloadException.Reason.WRONG_KEY_OR_TAMPERED));
    }

    @Test
    void truncatedBodies_fail() {
        byte[] wire = cipher.seal(new byte[600], BETA.getPublic(), ALPHA.getPrivate());
        // nothing left, a byte short, a block and a byte short, a whole block short, one byte left
        for (int keep : new int[] {0, wire.length - 1, wire.length - 257, wire.length - 256, 1}) {
            byte[] shorter = Arrays.copyOf(wire, keep);
            assertThatThrownBy(() -> cipher.open(shorter, ALPHA.getPublic(), BETA.getPrivate()))
                    .as("%d of %d bytes", keep, wire.length).isInstanceOf(PayloadException.class);
        }
    }

    @Test
    void reorderedBlocks_fail() {
        byte[] wire = cipher.seal(new byte[1000], BETA.getPublic(), ALPHA.getPrivate());
        byte[] swapped = wire.clone();
        System.arraycopy(wire, 0, swapped, 256, 256);
        System.arraycopy(wire, 256, swapped, 0, 256);
        assertThatThrownBy(() -> cipher.open(swapped, ALPHA.getPublic(), BETA.getPrivate()))
                .isInstanceOf(PayloadException.class);
    }

    @Test
    void anyChangedByte_fails() {
        byte[] wire = cipher.seal("the payload".getBytes(), BETA.getPublic(), ALPHA.getPrivate());
        Random random = new Random(7);
        for (int i = 0; i < 20; i++) {
            byte[] tampered = wire.clone();
            int at = random.nextInt(tampered.length);
            tampered[at] ^= (byte) (1 + random.nextInt(255));
            assertThatThrownBy(() -> cipher.open(tampered, ALPHA.getPublic(), BETA.getPrivate()))
                    .as("byte %d changed", at).isInstanceOf(PayloadException.class);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
