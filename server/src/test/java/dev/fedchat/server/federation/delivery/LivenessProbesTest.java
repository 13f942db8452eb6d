package dev.fedchat.server.federation.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The probing budget shared by every queue: many hanging peers never take more than its places. */
class LivenessProbesTest {

    @Test
    void probesUnderWay_areBoundedForAllPeersTogether_andOneBeyondTheBoundIsSkipped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        PeerProbe hanging = domain -> {
            inside.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        };
        LivenessProbes probes = new LivenessProbes(hanging, ProbeConfig.DEFAULTS);
        int places = ProbeConfig.DEFAULTS.inFlight();
        List<CompletableFuture<LivenessProbes.Answer>> hung = new ArrayList<>();
        for (int i = 0; i < places; i++) {
            String domain = "hanging" + i + ".test";
            hung.add(CompletableFuture.supplyAsync(() -> probes.probe(domain)));
        }
        Awaitility.await("every place taken").atMost(Duration.ofSeconds(10)).until(() -> inside.get() == places);

        assertThat(probes.probe("another.test")).isEqualTo(LivenessProbes.Answer.BUSY);
        assertThat(inside.get()).as("the probe beyond the bound was not started").isEqualTo(places);

        release.countDown();
        for (CompletableFuture<LivenessProbes.Answer> h : hung) {
            assertThat(h.get()).isEqualTo(LivenessProbes.Answer.ANSWERS);
        }
        assertThat(probes.probe("another.test")).as("the places were given back").isEqualTo(LivenessProbes.Answer.ANSWERS);
    }

    @Test
    void aProbeThatThrows_countsAsSilent_andGivesItsPlaceBack() {
        ProbeConfig one = new ProbeConfig(true, Duration.ofSeconds(1), Duration.ofSeconds(3), 0.2, 1, Duration.ofSeconds(2));
        AtomicInteger calls = new AtomicInteger();
        LivenessProbes probes = new LivenessProbes(domain -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("a bug in a probe");
            }
            return true;
        }, one);

        assertThat(probes.probe("beta.test")).isEqualTo(LivenessProbes.Answer.SILENT);
        assertThat(probes.probe("beta.test")).isEqualTo(LivenessProbes.Answer.ANSWERS);
    }
}
