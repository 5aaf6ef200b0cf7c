package dev.rwb.engine.rl.train;

import dev.rwb.engine.rl.algo.GrpoAdvantage;
import dev.rwb.engine.rl.algo.PpoAdvantage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Step 3 of the RL step: the zero-advantage count and dynamic sampling see equal-reward groups. */
class GroupAdvantagesTest {
    static final double[] TENTHS = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    static final double[] MIXED = {1.1, 0.1, 0.1, 0.0, 1.1, 0.1, 0.0, 0.1};

    @Test
    void aGroupOfEqualRewardsCountsAsZeroAdvantage() {
        GroupAdvantages a = GroupAdvantages.of(new GrpoAdvantage(), List.of(TENTHS, MIXED), false, false);
        assertArrayEquals(new double[8], a.values().get(0), 0.0);
        assertEquals(1, a.zeroGroups(), "the group of eight 0.100 rewards is a zero-advantage group");
        assertEquals(0.5, a.zeroShare());
        assertTrue(a.trained()[0] && a.trained()[1], "without dynamic sampling every group trains");
        assertEquals(0, a.dropped());
    }

    @Test
    void dynamicSamplingDropsItAndPpoKeepsItAtZero() {
        GroupAdvantages a = GroupAdvantages.of(new PpoAdvantage(), List.of(TENTHS, MIXED), true, true);
        assertFalse(a.trained()[0]);
        assertTrue(a.trained()[1]);
        assertEquals(1, a.dropped());
        assertArrayEquals(new double[8], a.values().get(0), 0.0, "batch normalisation leaves a no-signal group at 0");
        assertEquals(1, a.zeroGroups());
        assertTrue(a.of(1, 0) < 0, "negated: the best sample of the mixed group is pushed down");
    }
}
