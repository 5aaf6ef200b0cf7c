package dev.rwb.engine.rl;

/**
 * Group-relative advantages over the rewards of the G samples of one prompt (DESIGN §5). Every
 * token of a response shares its response's advantage.
 *
 * <p>A group without signal gets advantages of <em>exactly</em> 0: a group of one has no
 * baseline, and a group whose rewards are all equal has nothing to prefer. Computing r_i − mean(r)
 * there would leave the rounding error of the mean (eight rewards of 0.1 give ±1.4e-17, which
 * GRPO's division by std + 1e-6 blows up to ±1.4e-11), so such groups are recognised first and
 * never reach the subtraction. The trainer's zero-advantage skip and the inspector's
 * "no signal" label rely on that exact 0.
 *
 * <p>Non-finite rewards (an imported sample whose score is missing) are left out of the group's
 * statistics and get a NaN advantage.
 */
public final class Advantages {
    /** The ε in GRPO's denominator, so a near-constant group cannot divide by ~0. */
    public static final double GRPO_EPS = 1e-6;

    private Advantages() {
    }

    /** GRPO (DeepSeekMath): {@code A_i = (r_i − mean(r)) / (std(r) + 1e-6)}, std Bessel-corrected. */
    public static double[] grpo(double[] rewards) {
        Group s = Group.of(rewards);
        double[] out = Group.zeros(rewards);
        if (s.hasSignal()) {
            // std = sqrt( Σ (r_j − mean)² / (G − 1) )
            double std = Math.sqrt(s.squaredDeviations / (s.count - 1));
            for (int i = 0; i < rewards.length; i++) {
                if (Double.isFinite(rewards[i])) {
                    // A_i = (r_i − mean(r)) / (std(r) + 1e-6)
                    out[i] = (rewards[i] - s.mean) / (std + GRPO_EPS);
                }
            }
        }
        return out;
    }

    /**
     * Dr. GRPO, and REINFORCE with a mean baseline (Kimi k1.5): {@code A_i = r_i − mean(r)}, no std
     * division (it biases toward easy and hard prompts).
     */
    public static double[] drGrpo(double[] rewards) {
        Group s = Group.of(rewards);
        double[] out = Group.zeros(rewards);
        if (s.hasSignal()) {
            for (int i = 0; i < rewards.length; i++) {
                if (Double.isFinite(rewards[i])) {
                    // A_i = r_i − mean(r)
                    out[i] = rewards[i] - s.mean;
                }
            }
        }
        return out;
    }

    /** RLOO: the mean of the other G − 1 rewards as baseline (unbiased: independent of sample i). */
    public static double[] rloo(double[] rewards) {
        Group s = Group.of(rewards);
        double[] out = Group.zeros(rewards);
        if (s.hasSignal()) {
            for (int i = 0; i < rewards.length; i++) {
                if (Double.isFinite(rewards[i])) {
                    // A_i = r_i − mean_{j≠i}(r_j) = r_i − (Σ_j r_j − r_i)/(G − 1)
                    out[i] = rewards[i] - (s.sum - rewards[i]) / (s.count - 1);
                }
            }
        }
        return out;
    }

    /** Whether a group's rewards can yield a non-zero advantage: at least two finite rewards that differ. */
    public static boolean hasSignal(double[] rewards) {
        return Group.of(rewards).hasSignal();
    }

    /** The statistics of one group's finite rewards. */
    private record Group(int count, double sum, double mean, double squaredDeviations, boolean allEqual) {
        static Group of(double[] rewards) {
            int count = 0;
            double sum = 0;
            double first = Double.NaN;
            boolean allEqual = true;
            for (double r : rewards) {
                if (!Double.isFinite(r)) {
                    continue;
                }
                if (count == 0) {
                    first = r;
                } else if (r != first) {
                    allEqual = false;
                }
                count++;
                sum += r;
            }
            double mean = count == 0 ? 0 : sum / count;
            double sq = 0;
            for (double r : rewards) {
                if (Double.isFinite(r)) {
                    sq += (r - mean) * (r - mean);
                }
            }
            return new Group(count, sum, mean, sq, allEqual);
        }

        boolean hasSignal() {
            return count >= 2 && !allEqual;
        }

        /** 0 for every finite reward, NaN for the others. */
        static double[] zeros(double[] rewards) {
            double[] out = new double[rewards.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Double.isFinite(rewards[i]) ? 0 : Double.NaN;
            }
            return out;
        }
    }
}
