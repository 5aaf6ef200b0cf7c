package dev.rwb.app.dashboard;

import dev.rwb.engine.store.StepMetric;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmaAndHistoryTest {
    @Test
    void emaIsDebiasedAndZeroWeightIsIdentity() {
        double[] ys = {1, 1, 1, 5};
        assertArrayEquals(ys, Ema.smooth(ys, 0), 0);
        double[] s = Ema.smooth(ys, 0.5);
        // debiased: a constant series stays constant
        assertEquals(1, s[0], 1e-12);
        assertEquals(1, s[2], 1e-12);
        // m_4 = 0.5·m_3 + 0.5·5 with m_3 = 0.875 → 2.9375; / (1 − 0.5⁴) = 3.1333…
        assertEquals(2.9375 / 0.9375, s[3], 1e-12);
        assertTrue(Double.isNaN(Ema.smooth(new double[]{Double.NaN, 2}, 0.5)[0]));
        assertEquals(2, Ema.smooth(new double[]{Double.NaN, 2}, 0.5)[1], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Ema.smooth(ys, 1));
    }

    @Test
    void historyMergesRepeatedStepsAndSkipsNaN() {
        MetricHistory h = new MetricHistory();
        h.addAll(List.of(new StepMetric(0, "reward_mean", 0.1), new StepMetric(1, "reward_mean", 0.2)));
        h.addAll(List.of(new StepMetric(1, "reward_mean", 0.25), new StepMetric(1, "eval_accuracy", 0.5),
                new StepMetric(2, "reward_mean", Double.NaN)));
        assertArrayEquals(new double[]{0, 1}, h.steps("reward_mean"));
        assertArrayEquals(new double[]{0.1, 0.25}, h.values("reward_mean"));
        assertEquals(2, h.lastStep());
        assertEquals(List.of("eval_accuracy", "reward_mean"), h.names());
        assertEquals("eval_accuracy", h.pick(List.of("eval_pass_at_k", "eval_accuracy"), "eval_"));
        assertEquals(null, h.pick(List.of("x"), "tokens_per_s"));
    }
}
