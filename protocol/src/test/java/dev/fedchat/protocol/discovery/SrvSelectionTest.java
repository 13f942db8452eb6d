package dev.fedchat.protocol.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SrvSelectionTest {
    private final SrvSelection selection = new SrvSelection(new Random(42));

    @Test
    void lowerPriorityComesFirstWhateverTheWeight() {
        SrvRecord backup = new SrvRecord("_rocketchat._https.d.test", 60, 20, 1000, 443, "backup.");
        SrvRecord main = new SrvRecord("_rocketchat._https.d.test", 60, 10, 1, 443, "main.");
        assertThat(selection.order(List.of(backup, main))).containsExactly(main, backup);
    }

    @Test
    void weightsShareFirstPicksInProportion() {
        SrvRecord heavy = new SrvRecord("_rocketchat._https.d.test", 60, 1, 60, 443, "heavy.");
        SrvRecord light = new SrvRecord("_rocketchat._https.d.test", 60, 1, 20, 443, "light.");
        SrvRecord none = new SrvRecord("_rocketchat._https.d.test", 60, 1, 0, 443, "none.");
        int heavyFirst = 0;
        int noneFirst = 0;
        int runs = 20_000;
        for (int i = 0; i < runs; i++) {
            List<SrvRecord> order = selection.order(List.of(light, none, heavy));
            assertThat(order).containsExactlyInAnyOrder(heavy, light, none);
            heavyFirst += order.get(0) == heavy ? 1 : 0;
            noneFirst += order.get(0) == none ? 1 : 0;
        }
        // 60 / 81 of first picks for heavy (RFC 2782 draws from 0..sum inclusive), rarely the zero weight
        assertThat(heavyFirst / (double) runs).isBetween(0.70, 0.78);
        assertThat(noneFirst / (double) runs).isLessThan(0.03);
    }

    @Test
    void allZeroWeightsStillGiveEveryRecord() {
        SrvRecord a = new SrvRecord("_rocketchat._https.d.test", 60, 1, 0, 1, "a.");
        SrvRecord b = new SrvRecord("_rocketchat._https.d.test", 60, 1, 0, 2, "b.");
        assertThat(selection.order(List.of(a, b))).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aLoneDotTargetMeansNoService() {
        assertThat(selection.order(List.of(new SrvRecord("_rocketchat._https.d.test", 60, 0, 0, 0, ".")))).isEmpty();
    }
}
