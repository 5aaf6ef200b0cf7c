package dev.rwb.engine.rl;

import dev.rwb.engine.config.LossAggregation;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContributionCalculatorTest {
    private static final float TOL = 1e-6f;
    // Search-R1 weights on the tiny trajectory: {0,0,1,1,0,1,1,0}, Σw = 4
    private final float[] searchR1 = MaskPolicy.SEARCH_R1.weights(TinyTrajectory.build(0f));
    //                                   SYS PROMPT REASON CALL  RESP REASON ANSWER PAD
    private static final float[] RATIOS = {1, 1, 1.3f, 1.1f, 5f, 0.7f, 1.2f, 1};

    private final ContributionCalculator plain = ContributionCalculator.builder().clip(0.2, 0.28).build();

    @Test
    void onPolicyContributionIsWeightTimesAdvantageOverN() {
        Contributions c = plain.compute(TinyTrajectory.build(2f), searchR1);
        // c = w·A·1/N = 1·2/4 = 0.5 on weighted tokens, 0 elsewhere
        assertArrayEquals(new float[]{0, 0, 0.5f, 0.5f, 0, 0.5f, 0.5f, 0}, c.contributions(), TOL);
        assertEquals(4.0, c.normaliser());
    }

    @Test
    void clipRemovesPositiveAdvantageAboveOnePlusEpsHigh() {
        Contributions c = plain.compute(TinyTrajectory.build(2f), searchR1, RATIOS);
        // ρ=1.3 > 1.28 with A>0 → clipped; ρ=0.7 with A>0 → not clipped (0.35); masked ρ=5 → ignored
        assertArrayEquals(new float[]{0, 0, 0, 0.55f, 0, 0.35f, 0.6f, 0}, c.contributions(), TOL);
        assertArrayEquals(new boolean[]{false, false, true, false, false, false, false, false}, c.clipped());
        assertEquals(0.25, c.clipFraction(searchR1), 1e-12);
    }

    @Test
    void clipRemovesNegativeAdvantageBelowOneMinusEpsLow() {
        Contributions c = plain.compute(TinyTrajectory.build(-2f), searchR1, RATIOS);
        // ρ=0.7 < 0.8 with A<0 → clipped; ρ=1.3 with A<0 → −2·1.3/4 = −0.65
        assertArrayEquals(new float[]{0, 0, -0.65f, -0.55f, 0, 0, -0.6f, 0}, c.contributions(), TOL);
        assertArrayEquals(new boolean[]{false, false, false, false, false, true, false, false}, c.clipped());
        // just inside the boundaries nothing is clipped
        float[] edge = {1, 1, 1.279f, 1, 1, 0.801f, 1, 1};
        assertTrue(noneClipped(plain.compute(TinyTrajectory.build(2f), searchR1, edge)));
        assertTrue(noneClipped(plain.compute(TinyTrajectory.build(-2f), searchR1, edge)));
    }

    @Test
    void k1InLossPushesEveryWeightedTokenDown() {
        ContributionCalculator k1 = ContributionCalculator.builder().kl(KlEstimator.K1, 0.1, true).build();
        // A = 0: only the KL term, −β·w/N = −0.1/4 = −0.025
        Contributions c = k1.compute(TinyTrajectory.build(0f), searchR1);
        assertArrayEquals(new float[]{0, 0, -0.025f, -0.025f, 0, -0.025f, -0.025f, 0}, c.contributions(), TOL);
        ContributionCalculator inReward = ContributionCalculator.builder().kl(KlEstimator.K1, 0.1, false).build();
        assertArrayEquals(new float[8], inReward.compute(TinyTrajectory.build(0f), searchR1).contributions(), 0f);
    }

    @Test
    void k3PullsTowardTheReference() {
        ContributionCalculator k3 = ContributionCalculator.builder().kl(KlEstimator.K3, 0.1, true).build();
        Contributions c = k3.compute(TinyTrajectory.build(0f), searchR1);
        // idx2: logπ −0.5 > logπref −0.6, δ = −0.1: −0.1·(1 − e^−0.1)/4 = −0.00237906 (push down)
        // idx5: logπ −2 < logπref −1.5,  δ = 0.5: −0.1·(1 − e^0.5)/4 = +0.01621803 (push up)
        // idx3, idx6: logπ = logπref → 0
        assertArrayEquals(new float[]{0, 0, -0.00237906f, 0, 0, 0.01621803f, 0, 0}, c.contributions(), 1e-7f);
    }

    @Test
    void k3ClampStopsTheGradientAndValueStaysFinite() {
        assertEquals(0.0, KlEstimator.K3.derivative(-30, -5));
        assertEquals(Math.exp(20) - 21, KlEstimator.K3.value(-30, -5), 1e-3);
        assertEquals(1 - Math.exp(-1), KlEstimator.K3.derivative(-1, -2), 1e-12);
        assertEquals(0.0, KlEstimator.K3.value(-1, -1), 0);
    }

    @Test
    void contributionIsMinusTheLossGradientByFiniteDifferences() {
        TokenArrays tokens = TinyTrajectory.build(-1.5f);
        ContributionCalculator calc = ContributionCalculator.builder().clip(0.2, 0.28)
                .kl(KlEstimator.K3, 0.05, true).build();
        float[] w = MaskPolicy.NO_MASKING.weights(tokens);
        float[] ratios = {1, 1, 1.05f, 0.9f, 1f, 0.95f, 1.1f, 1};
        float[] c = calc.compute(tokens, w, ratios).contributions();
        double h = 1e-5;
        for (int t = 0; t < tokens.length(); t++) {
            double[] x = new double[tokens.length()];
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.log(ratios[i]);
            }
            x[t] += h;
            double up = loss(tokens, w, x, 0.05);
            x[t] -= 2 * h;
            double down = loss(tokens, w, x, 0.05);
            // c_t = −∂L/∂log π_t
            assertEquals(-(up - down) / (2 * h), c[t], 1e-5, "token " + t);
        }
    }

    /** The loss written directly from DESIGN §5 with x = ln ρ, token-mean, k3 in the loss. */
    private static double loss(TokenArrays tok, float[] w, double[] x, double beta) {
        double n = 0;
        double total = 0;
        for (float v : w) {
            n += v;
        }
        for (int t = 0; t < w.length; t++) {
            if (w[t] == 0) {
                continue;
            }
            double rho = Math.exp(x[t]);
            double a = tok.advantages()[t];
            double surrogate = Math.min(rho * a, Math.max(0.8, Math.min(1.28, rho)) * a);
            double kl = 0;
            if (Float.isFinite(tok.logprobs()[t])) {
                kl = KlEstimator.K3.value(tok.logprobs()[t] + x[t], tok.refLogprobs()[t]);
            }
            total += -w[t] * surrogate + beta * w[t] * kl;
        }
        return total / n;
    }

    @Test
    void aggregationNormalisersOverABatch() {
        TokenArrays a = TinyTrajectory.build(1f);
        TokenArrays b = TinyTrajectory.build(1f);
        float[] wa = searchR1;                                  // Σ = 4
        float[] wb = MaskPolicy.ANSWER_ONLY.weights(b);         // Σ = 1
        List<float[]> ratios = List.of(ContributionCalculator.onPolicyRatios(8), ContributionCalculator.onPolicyRatios(8));
        // token-mean: N = 4 + 1 = 5 for both
        List<Contributions> tm = plain.computeBatch(List.of(a, b), List.of(wa, wb), ratios);
        assertEquals(5.0, tm.get(0).normaliser());
        assertEquals(5.0, tm.get(1).normaliser());
        assertEquals(0.2f, tm.get(1).contributions()[6], TOL);
        // seq-mean-token-mean: N_i = B·Σw_i = 8 and 2
        List<Contributions> sm = ContributionCalculator.builder().aggregation(LossAggregation.SEQ_MEAN_TOKEN_MEAN).build()
                .computeBatch(List.of(a, b), List.of(wa, wb), ratios);
        assertEquals(8.0, sm.get(0).normaliser());
        assertEquals(2.0, sm.get(1).normaliser());
        assertEquals(0.125f, sm.get(0).contributions()[2], TOL);
        assertEquals(0.5f, sm.get(1).contributions()[6], TOL);
        // Dr. GRPO: N = B·L_max = 2·10 = 20
        List<Contributions> dr = ContributionCalculator.builder().aggregation(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM)
                .maxLength(10).build().computeBatch(List.of(a, b), List.of(wa, wb), ratios);
        assertEquals(20.0, dr.get(0).normaliser());
        assertEquals(0.05f, dr.get(1).contributions()[6], TOL);
        // one trajectory alone: Dr. GRPO N = L_max
        assertEquals(10.0, ContributionCalculator.builder().aggregation(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM)
                .maxLength(10).build().compute(a, wa).normaliser());
    }

    @Test
    void invalidInputsAreNamed() {
        assertThrows(IllegalArgumentException.class,
                () -> ContributionCalculator.builder().aggregation(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM).build());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> plain.compute(TinyTrajectory.build(1f), new float[3]));
        assertTrue(len.getMessage().contains("weights has 3 values"), len.getMessage());
        float[] w = searchR1.clone();
        w[4] = 1f; // a tool-response weight with a NaN advantage would be silently wrong
        TokenArrays nanAdv = TinyTrajectory.build(Float.NaN);
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> plain.compute(nanAdv, w));
        assertTrue(nan.getMessage().contains("token 2"), nan.getMessage());
        assertEquals(LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM, LossAggregation.parse("seq_mean_token_sum_norm"));
        assertThrows(IllegalArgumentException.class, () -> LossAggregation.parse("sum"));
        assertEquals(KlEstimator.K3, KlEstimator.parse("k3"));
    }

    private static boolean noneClipped(Contributions c) {
        for (boolean b : c.clipped()) {
            if (b) {
                return false;
            }
        }
        return true;
    }
}
