package dev.rwb.engine.rl.algo;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.config.LossAggregation;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stored contribution c_t is honest: with DJL autograd on a tiny batch, the gradient of the
 * trainer's loss with respect to each token's log π equals −c_t from {@link ContributionCalculator}
 * computed from the same ratios, weights and normalisers — clipped tokens, dual clip, KL in the
 * loss (k1, k3) and Kimi's τ term included.
 */
class LossGradientMatchesContributionTest {

    @ParameterizedTest
    @CsvSource({
            "TOKEN_MEAN, none, 0, 0, 0, 0.2, 0.28",
            "SEQ_MEAN_TOKEN_MEAN, k3, 0.05, 3, 0, 0.2, 0.28",
            "SEQ_MEAN_TOKEN_SUM_NORM, k1, 0.1, 0, 0, 0.2, 0.28",
            "TOKEN_MEAN, k3, 0.02, 0, 0.3, 1e9, 1e9",
    })
    void autogradGradientEqualsMinusContribution(LossAggregation agg, String kl, double beta, double dualClip,
                                                 double tau, double epsLow, double epsHigh) {
        Random rnd = new Random(42);
        int b = 4;
        int len = 9;
        KlEstimator est = kl.equals("none") ? null : KlEstimator.parse(kl);
        List<TokenArrays> tokens = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        List<float[]> old = new ArrayList<>();
        List<float[]> adv = new ArrayList<>();
        List<float[]> ref = new ArrayList<>();
        float[] current = new float[b * len];
        double[] advantages = {1.3, -0.8, 0.5, -1.7};
        for (int i = 0; i < b; i++) {
            TokenArrays.Builder tb = TokenArrays.builder();
            float[] w = new float[len];
            float[] a = new float[len];
            float[] o = new float[len];
            float[] r = new float[len];
            for (int t = 0; t < len; t++) {
                boolean prompt = t < 2;
                w[t] = prompt ? 0f : (t == 5 ? 0f : (t == 6 ? 0.5f : 1f));
                o[t] = -0.2f - 3 * rnd.nextFloat();
                r[t] = t == 7 ? Float.NaN : o[t] + (float) rnd.nextGaussian() * 0.5f;
                a[t] = (float) advantages[i];
                // log π_θ = log π_old + a log-ratio large enough to hit both clip sides and the dual clip
                current[i * len + t] = w[t] == 0 ? 0f : o[t] + (float) (rnd.nextGaussian() * 0.6 + (t == 8 && i == 3 ? 1.5 : 0));
                tb.add(t, "x", prompt ? Role.PROMPT : Role.REASONING, 0, w[t], o[t], r[t], 1f, a[t], 0f, false);
            }
            tokens.add(tb.build());
            weights.add(w);
            old.add(o);
            adv.add(a);
            ref.add(r);
        }
        ContributionCalculator calc = ContributionCalculator.builder().aggregation(agg).clip(epsLow, epsHigh)
                .dualClip(dualClip).kl(est == null ? KlEstimator.K3 : est, beta, est != null)
                .squaredLogRatio(tau).maxLength(len).build();
        PolicyGradientLoss loss = new PolicyGradientLoss(epsLow, epsHigh, dualClip, est, beta, 0, tau);
        List<float[]> ratios = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            float[] rho = new float[len];
            for (int t = 0; t < len; t++) {
                rho[t] = weights.get(i)[t] > 0 ? (float) Math.exp(current[i * len + t] - old.get(i)[t]) : 1f;
            }
            ratios.add(rho);
        }
        List<Contributions> expected = calc.computeBatch(tokens, weights, ratios);
        int clippedCount = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logp = m.create(current, new Shape(b, len));
            logp.setRequiresGradient(true);
            LossInputs in = LossInputs.of(m, len, old, adv, weights, ref, calc.normalisers(weights));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.loss(logp, null, in);
                // a float64 loss (a double scalar times a 0-d array promotes) made GradientStep's getFloat fail
                assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, l.getDataType(), "the loss stays float32");
                gc.backward(l);
            }
            float[] grad = logp.getGradient().toFloatArray();
            for (int i = 0; i < b; i++) {
                for (int t = 0; t < len; t++) {
                    float c = expected.get(i).contributions()[t];
                    clippedCount += expected.get(i).clipped()[t] ? 1 : 0;
                    assertEquals(-c, grad[i * len + t], 1e-5 + 1e-4 * Math.abs(c),
                            "d loss / d log π at sequence " + i + ", token " + t);
                }
            }
        }
        if (epsLow < 1) {
            assertTrue(clippedCount > 0, "the batch must exercise the clip");
        }
    }
}
