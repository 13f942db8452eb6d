package dev.fedchat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The presence benchmark's short run for CI: 1,000 sessions, a few changes of each kind; every
 * session gets every frame (the harness throws otherwise). No time is asserted: the numbers are
 * read by a person (docs/benchmarks.md), never judged on a shared machine.
 */
class PresenceFanOutTest {
    @Test
    void everySessionGetsEveryPresenceAndMessageFrame() throws Exception {
        try (PresenceFanOut bench = new PresenceFanOut(1000)) {
            PresenceFanOut.Result r = bench.run(1, 3);
            assertThat(r.presence().count()).isEqualTo(3);
            assertThat(r.message().count()).isEqualTo(3);
            assertThat(r.watchers()).isEqualTo(1000);
        }
    }
}
