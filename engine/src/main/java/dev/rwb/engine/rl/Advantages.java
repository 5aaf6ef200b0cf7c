package dev.rwb.engine.rl;

/**
 * Group-relative advantages over the rewards of the G samples of one prompt (DESIGN §5). Every
 * token of a response shares its response's advantage. A group of one has no baseline, so its
 * advantage is 0 under every estimator.
 */
public final class Advantages {
    /** The ε in GRPO's denominator, so a group with equal rewards gives 0, not NaN. */
    public static final double GRPO_EPS = 1e-6;

    private Advantages() {
    }

    /** GRPO (DeepSeekMath): reward standardised within the group, Bessel-corrected std. */
    public static double[] grpo(double[] rewards) {
        int g = rewards.length;
        double[] out = new double[g];
        if (g < 2) {
            return out;
        }
        double mean = mean(rewards);
        double sq = 0;
        for (double r : rewards) {
            sq += (r - mean) * (r - mean);
        }
        // std = sqrt( Σ (r_j − mean)² / (G − 1) )
        double std = Math.sqrt(sq / (g - 1));
        for (int i = 0; i < g; i++) {
            // A_i = (r_i − mean(r)) / (std(r) + 1e-6)
            out[i] = (rewards[i] - mean) / (std + GRPO_EPS);
        }
        return out;
    }

    /** Dr. GRPO: the group mean as baseline, no std division (it biases toward easy/hard prompts). */
    public static double[] drGrpo(double[] rewards) {
        int g = rewards.length;
        double[] out = new double[g];
        if (g < 2) {
            return out;
        }
        double mean = mean(rewards);
        for (int i = 0; i < g; i++) {
            // A_i = r_i − mean(r)
            out[i] = rewards[i] - mean;
        }
        return out;
    }

    /** RLOO: the mean of the other G − 1 rewards as baseline (unbiased: independent of sample i). */
    public static double[] rloo(double[] rewards) {
        int g = rewards.length;
        double[] out = new double[g];
        if (g < 2) {
            return out;
        }
        double sum = 0;
        for (double r : rewards) {
            sum += r;
        }
        for (int i = 0; i < g; i++) {
            // A_i = r_i − mean_{j≠i}(r_j) = r_i − (Σ_j r_j − r_i)/(G − 1)
            out[i] = rewards[i] - (sum - rewards[i]) / (g - 1);
        }
        return out;
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }
}
