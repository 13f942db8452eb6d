package dev.fedchat.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.protocol.testing.TestKeys;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cipher that spreads blocks over threads produces what the sequential one does, opens what it
 * seals and the other way round, fails the same way, and can be shared by many callers at once.
 */
class PayloadCipherParallelTest {
    private static final KeyPair ALPHA = TestKeys.generate();
    private static final KeyPair BETA = TestKeys.generate();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);
    private static final PayloadCipher SEQUENTIAL = PayloadCipher.sequential(CryptoProvider.jdk());
    private static final PayloadCipher PARALLEL = new PayloadCipher(CryptoProvider.jdk(), 3, POOL);

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    /** Sizes in signature blocks of 214 bytes: none, one, just under and at the parallel threshold, odd counts, a batch. */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 214, 7 * 214, 7 * 214 + 1, 9 * 214, 13 * 214 - 5, 40_000})
    void theSignatureLayer_isByteForByteTheSequentialOne(int size) throws Exception {
        byte[] firstLayer = random(size);

        assertThat(PARALLEL.sign(firstLayer, ALPHA.getPrivate())).isEqualTo(SEQUENTIAL.sign(firstLayer, ALPHA.getPrivate()));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 213, 215, 6 * 214, 8 * 214, 11 * 214 + 3, 32_768})
    void sealedInParallel_opensSequentially_andTheOtherWayRound(int size) {
        byte[] plain = random(size);

        byte[] parallelWire = PARALLEL.seal(plain, BETA.getPublic(), ALPHA.getPrivate());
        byte[] sequentialWire = SEQUENTIAL.seal(plain, BETA.getPublic(), ALPHA.getPrivate());

        // OAEP is randomised: the two bodies differ, but have the same length and both open to the plaintext
        assertThat(parallelWire).hasSameSizeAs(sequentialWire);
        assertThat(SEQUENTIAL.open(parallelWire, ALPHA.getPublic(), BETA.getPrivate())).isEqualTo(plain);
        assertThat(PARALLEL.open(sequentialWire, ALPHA.getPublic(), BETA.getPrivate())).isEqualTo(plain);
        assertThat(PARALLEL.open(parallelWire, ALPHA.getPublic(), BETA.getPrivate())).isEqualTo(plain);
    }

    @Test
    void aChangedBlockDeepInABigBody_failsAsItDoesSequentially() {
        byte[] wire = SEQUENTIAL.seal(random(32_768), BETA.getPublic(), ALPHA.getPrivate());
        for (int block : new int[] {0, 57, wire.length / 256 - 1}) {
            byte[] tampered = wire.clone();
            tampered[block * 256 + 100] ^= 0x55;

            assertThatThrownBy(() -> PARALLEL.open(tampered, ALPHA.getPublic(), BETA.getPrivate())).as("block %d", block)
                    .isInstanceOfSatisfying(PayloadException.class,
                            e -> assertThat(e.reason()).isEqualTo(PayloadException.Reason.WRONG_KEY_OR_TAMPERED));
        }
    }

    @Test
    void aBigBodyForAnotherReceiver_failsAsItDoesSequentially() {
        byte[] wire = PARALLEL.seal(random(32_768), ALPHA.getPublic(), ALPHA.getPrivate());

        assertThatThrownBy(() -> PARALLEL.open(wire, ALPHA.getPublic(), BETA.getPrivate()))
                .isInstanceOfSatisfying(PayloadException.class,
                        e -> assertThat(e.reason()).isEqualTo(PayloadException.Reason.WRONG_KEY_OR_TAMPERED));
    }

    @Test
    void manyThreadsSealingAndOpeningAtOnce_onOneSharedCipher_eachGetTheirOwnBytesBack() throws Exception {
        // more callers than pool threads: chunks queue, and callers run the ones not started yet
        ExecutorService callers = Executors.newFixedThreadPool(6);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] plain = random(2_000 + 997 * i);
                results.add(callers.submit(() -> {
                    byte[] wire = PARALLEL.seal(plain, BETA.getPublic(), ALPHA.getPrivate());
                    return java.util.Arrays.equals(PARALLEL.open(wire, ALPHA.getPublic(), BETA.getPrivate()), plain);
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void theDefaultCipher_usesEveryProcessor_andSequentialUsesOne() {
        assertThat(new PayloadCipher(CryptoProvider.jdk()).parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(SEQUENTIAL.parallelism()).isEqualTo(1);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
