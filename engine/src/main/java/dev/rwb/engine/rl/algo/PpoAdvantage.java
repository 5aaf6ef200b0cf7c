package dev.rwb.engine.rl.algo;

import dev.rwb.engine.rl.Advantages;

import java.util.ArrayList;
import java.util.List;

/**
 * PPO without a value network (outcome reward, DESIGN §2): the group mean is the baseline and the
 * advantages are then normalised over the whole batch, as PPO implementations do:
 * {@code A_i = (r_i − mean_group(r) − μ_batch) / (σ_batch + 1e-6)}; a group whose rewards are all
 * equal keeps advantages of exactly 0.
 */
public final class PpoAdvantage implements AdvantageEstimator {
    @Override
    public List<double[]> advantages(List<double[]> groupRewards) {
        List<double[]> centred = new MeanBaselineAdvantage().advantages(groupRewards);
        double sum = 0;
        int n = 0;
        for (double[] a : centred) {
            for (double x : a) {
                sum += x;
                n++;
            }
        }
        double mu = n == 0 ? 0 : sum / n;
        double sq = 0;
        for (double[] a : centred) {
            for (double x : a) {
                sq += (x - mu) * (x - mu);
            }
        }
        double sigma = n < 2 ? 0 : Math.sqrt(sq / (n - 1));
        List<double[]> out = new ArrayList<>();
        for (int g = 0; g < centred.size(); g++) {
            double[] a = centred.get(g);
            double[] b = new double[a.length];
            // a group without signal (all rewards equal) keeps exactly 0: μ is only rounding noise for it
            boolean signal = Advantages.hasSignal(groupRewards.get(g));
            for (int i = 0; i < a.length; i++) {
                // batch-normalised: (A − μ) / (σ + 1e-6); an all-zero batch stays zero
                b[i] = sigma == 0 || !signal ? 0 : (a[i] - mu) / (sigma + 1e-6);
            }
            out.add(b);
        }
        return out;
    }
}
