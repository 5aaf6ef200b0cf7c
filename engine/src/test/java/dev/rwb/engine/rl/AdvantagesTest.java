package dev.rwb.engine.rl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdvantagesTest {
    private static final double TOL = 1e-9;
    // rewards 1, 0, 0, 1: mean 0.5, Bessel std = sqrt(4·0.25/3) = sqrt(1/3) = 0.5773502692
    private static final double[] R = {1, 0, 0, 1};

    @Test
    void grpoStandardisesWithBesselStd() {
        double a = 0.5 / (Math.sqrt(1.0 / 3.0) + 1e-6); // 0.866024…
        assertArrayEquals(new double[]{a, -a, -a, a}, Advantages.grpo(R), TOL);
        assertArrayEquals(new double[]{0.8660239, -0.8660239, -0.8660239, 0.8660239}, Advantages.grpo(R), 1e-6);
        // rewards 1, 0, 0: mean 1/3, std = sqrt((4/9 + 1/9 + 1/9)/2) = sqrt(1/3)
        assertArrayEquals(new double[]{(2.0 / 3) / (Math.sqrt(1.0 / 3) + 1e-6), (-1.0 / 3) / (Math.sqrt(1.0 / 3) + 1e-6),
                (-1.0 / 3) / (Math.sqrt(1.0 / 3) + 1e-6)}, Advantages.grpo(new double[]{1, 0, 0}), TOL);
    }

    @Test
    void equalRewardsAndGroupOfOneGiveZero() {
        assertArrayEquals(new double[]{0, 0, 0}, Advantages.grpo(new double[]{1, 1, 1}), TOL);
        assertArrayEquals(new double[]{0}, Advantages.grpo(new double[]{1}), TOL);
        assertArrayEquals(new double[]{0}, Advantages.drGrpo(new double[]{0.7}), TOL);
        assertArrayEquals(new double[]{0}, Advantages.rloo(new double[]{0.7}), TOL);
        assertArrayEquals(new double[0], Advantages.grpo(new double[0]), TOL);
    }

    /**
     * Issue 12: eight rewards of 0.100 (every answer well-formed but wrong) used to give ±1.1e-14
     * instead of 0 — the rounding error of their mean, divided by std + 1e-6 — which the zero-advantage
     * skip did not count and the inspector painted as the strongest update.
     */
    @Test
    void aGroupWithEqualRewardsHasAdvantagesOfExactlyZero() {
        double[] tenths = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
        double[] zeros = new double[8];
        assertArrayEquals(zeros, Advantages.grpo(tenths), 0.0);
        assertArrayEquals(zeros, Advantages.drGrpo(tenths), 0.0);
        assertArrayEquals(zeros, Advantages.rloo(tenths), 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, Advantages.grpo(new double[] {0.7, 0.7, 0.7}), 0.0);
        assertFalse(Advantages.hasSignal(tenths));
        assertTrue(Advantages.hasSignal(new double[] {0.1, 1.1}));
    }

    @Test
    void nonFiniteRewardsAreLeftOutAndGetNaN() {
        // finite rewards 1, 0: mean 0.5, std sqrt(0.5)
        double[] a = Advantages.grpo(new double[] {1, Double.NaN, 0});
        assertEquals(0.5 / (Math.sqrt(0.5) + 1e-6), a[0], TOL);
        assertTrue(Double.isNaN(a[1]));
        assertEquals(-a[0], a[2], TOL);
        assertArrayEquals(new double[] {0, Double.NaN}, Advantages.grpo(new double[] {1, Double.NaN}), 0.0,
                "one finite reward: no baseline");
    }

    @Test
    void drGrpoSubtractsTheMean() {
        assertArrayEquals(new double[]{0.5, -0.5, -0.5, 0.5}, Advantages.drGrpo(R), TOL);
        assertArrayEquals(new double[]{0.6, -0.4, -0.2}, Advantages.drGrpo(new double[]{1.1, 0.1, 0.3}), TOL);
    }

    @Test
    void rlooSubtractsTheMeanOfTheOthers() {
        // r = 1,0,0,1: A_0 = 1 − (0+0+1)/3 = 2/3, A_1 = 0 − (1+0+1)/3 = −2/3
        assertArrayEquals(new double[]{2.0 / 3, -2.0 / 3, -2.0 / 3, 2.0 / 3}, Advantages.rloo(R), TOL);
        // r = 1, 0: A = ±1
        assertArrayEquals(new double[]{1, -1}, Advantages.rloo(new double[]{1, 0}), TOL);
    }
}
