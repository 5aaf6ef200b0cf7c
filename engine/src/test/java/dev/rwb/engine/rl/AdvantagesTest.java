package dev.rwb.engine.rl;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
