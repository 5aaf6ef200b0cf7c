package dev.rwb.engine.rl.algo;

import java.util.ArrayList;
import java.util.List;

/**
 * REINFORCE with a mean-reward baseline (Kimi k1.5): {@code A_j = r_j − r̄}, r̄ the mean of the k
 * samples of the prompt. The τ regulariser {@code −(τ/2)∇(log π(y_j|x)/π_old(y_j|x))²} of Kimi's
 * gradient is part of the loss ({@link PolicyGradientLoss}), not of the advantage.
 */
public final class MeanBaselineAdvantage implements AdvantageEstimator {
    @Override
    public List<double[]> advantages(List<double[]> groupRewards) {
        List<double[]> out = new ArrayList<>();
        for (double[] r : groupRewards) {
            double mean = 0;
            for (double x : r) {
                mean += x / r.length;
            }
            double[] a = new double[r.length];
            for (int j = 0; j < r.length; j++) {
                // A_j = r_j − r̄
                a[j] = r.length < 2 ? 0 : r[j] - mean;
            }
            out.add(a);
        }
        return out;
    }
}
