package dev.fedchat.server.federation.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fedchat.server.error.RcException;
import dev.fedchat.server.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A nonce is accepted once per sender, kept while its proof could be fresh, and a full memory refuses rather than forgets. */
class SeenNoncesTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));

    @Test
    void aNonceIsAcceptedOncePerSender() {
        SeenNonces nonces = new SeenNonces(clock);
        assertThat(nonces.seen("alpha.test", "n1")).isFalse();
        assertThat(nonces.accept("alpha.test", "n1")).isTrue();
        assertThat(nonces.seen("alpha.test", "n1")).isTrue();
        assertThat(nonces.accept("alpha.test", "n1")).as("the second time is the replay").isFalse();
        assertThat(nonces.accept("beta.test", "n1")).as("another sender's nonce is its own").isTrue();
    }

    @Test
    void aNonceIsKeptTwiceTheSkewWindow_thenForgotten() {
        SeenNonces nonces = new SeenNonces(clock);
        nonces.accept("alpha.test", "n1");
        clock.advance(Duration.ofMillis(2 * RequestProof.MAX_SKEW_MILLIS - 1));
        assertThat(nonces.seen("alpha.test", "n1")).as("a proof made 5 min ahead of us is still fresh now").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(nonces.seen("alpha.test", "n1")).isFalse();
    }

    @Test
    void aFullMemoryRefusesNewProofsWith503_untilItsOldestExpire() {
        SeenNonces nonces = new SeenNonces(clock, 3);
        nonces.accept("alpha.test", "n1");
        nonces.accept("alpha.test", "n2");
        nonces.accept("alpha.test", "n3");
        assertThatThrownBy(() -> nonces.accept("alpha.test", "n4")).isInstanceOfSatisfying(RcException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(nonces.seen("alpha.test", "n1")).as("nothing was forgotten early").isTrue();
        clock.advance(SeenNonces.KEPT);
        assertThat(nonces.accept("alpha.test", "n4")).isTrue();
    }

    /** The memory full of one sender's nonces: that sender waits, another is still heard. */
    @Test
    void aFullMemoryRefusesOnlyTheSendersHoldingTheirShare() {
        SeenNonces nonces = new SeenNonces(clock, 4);
        for (int i = 0; i < 4; i++) {
            nonces.accept("flood.test", "f" + i);
        }
        assertThatThrownBy(() -> nonces.accept("flood.test", "f4")).isInstanceOfSatisfying(RcException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(nonces.accept("alpha.test", "a1")).as("a quiet peer is not shut out by a flood").isTrue();
        clock.advance(SeenNonces.KEPT);
        assertThat(nonces.accept("flood.test", "f4")).as("the flood's nonces expired, and its count with them").isTrue();
        assertThat(nonces.accept("flood.test", "f5")).isTrue();
    }
}
