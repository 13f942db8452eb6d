package dev.fedchat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fedchat.protocol.crypto.CryptoProvider;
import dev.fedchat.protocol.crypto.PayloadCipher;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crypto ceiling counts the private-key operations the codec really does: the batch's
 * plaintext is the body {@code HttpPeerTransport} sends, and the blocks {@code PayloadCipher}
 * produces for it are the signatures the ceiling charges the sender for.
 */
class CryptoCeilingTest {
    private static KeyPair sender;
    private static KeyPair receiver;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        sender = g.generateKeyPair();
        receiver = g.generateKeyPair();
    }

    @Test
    void thePlaintextIsTheDispatchBodyOfThatManyEvents() {
        String wire = "{\"_id\":\"" + "x".repeat(600) + "\"}";
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(wire);
        }
        String body = "{\"events\":[" + String.join(",", events) + "]}";

        assertThat(CryptoCeiling.batch(50, wire.length()).plaintextBytes()).isEqualTo(body.length());
        assertThat(CryptoCeiling.batch(1, wire.length()).plaintextBytes()).isEqualTo(wire.length() + 13);
    }

    @Test
    void theSenderSignsOneBlockPerSealed256Bytes_asPayloadCipherCutsThem() {
        PayloadCipher cipher = new PayloadCipher(CryptoProvider.jdk());
        for (int[] shape : new int[][] {{1, 640}, {1, 200}, {50, 635}, {10, 1500}}) {
            CryptoCeiling.Batch b = CryptoCeiling.batch(shape[0], shape[1]);
            byte[] plain = new byte[b.plaintextBytes()];
            Arrays.fill(plain, (byte) 'e');

            byte[] sealed = cipher.seal(plain, receiver.getPublic(), sender.getPrivate());

            assertThat(sealed.length / 256).as("signature blocks for %s", b).isEqualTo(b.senderOps());
            assertThat(b.receiverOps()).as("OAEP blocks for %s", b).isEqualTo((b.plaintextBytes() + 213) / 214);
        }
    }

    @Test
    void theCeilingChargesEachSideAtItsOwnRate() {
        CryptoCeiling.Batch b = new CryptoCeiling.Batch(50, 31_803, 179, 149);
        CryptoCeiling.Rates rates = new CryptoCeiling.Rates("test", 2_000, 1_000, 3_000);

        // 179 / 2000 + 149 / 1000 = 0.2385 s for 50 events
        assertThat(b.ceiling(rates)).isCloseTo(50 / 0.2385, org.assertj.core.data.Offset.offset(0.01));
        assertThat(b.privateOpsPerEvent()).isEqualTo(6.56);
    }

    @Test
    void theMachineCeilingSpreadsBothSidesOperationsOverTheTwoThreadRate() {
        CryptoCeiling.Batch b = new CryptoCeiling.Batch(50, 31_803, 179, 149);
        CryptoCeiling.Rates rates = new CryptoCeiling.Rates("test", 2_000, 1_000, 3_000);

        // 3000 private operations/s on both cores, 328 of them per 50 events
        assertThat(b.machineCeiling(rates)).isCloseTo(3_000 / 6.56, org.assertj.core.data.Offset.offset(0.01));
    }
}
