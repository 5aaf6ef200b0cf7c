package dev.rwb.engine.interop;

/**
 * The GRPO advantage (DESIGN §5), for imports whose source has scores but no advantages:
 * {@code A_i = (r_i - mean(r)) / (std(r) + 1e-6)}, std Bessel-corrected; a group of one gets 0.
 * Non-finite rewards are left out of the statistics and get a NaN advantage.
 */
public final class GroupAdvantage {
    private long n;
    private double mean;
    private double m2;

    /** Adds one reward to the group (Welford's running mean and variance). */
    public void add(double reward) {
        if (!Double.isFinite(reward)) {
            return;
        }
        n++;
        double delta = reward - mean;
        mean += delta / n;
        m2 += delta * (reward - mean);
    }

    /** Number of finite rewards added. */
    public long size() {
        return n;
    }

    public double mean() {
        return mean;
    }

    /** Sample standard deviation, Bessel-corrected: sqrt(Σ(r - mean)² / (n - 1)). */
    public double std() {
        return n < 2 ? 0.0 : Math.sqrt(m2 / (n - 1));
    }

    /** The advantage of one member's reward. */
    public double advantage(double reward) {
        if (!Double.isFinite(reward)) {
            return Double.NaN;
        }
        if (n < 2) {
            return 0.0;
        }
        // A_i = (r_i - mean(r)) / (std(r) + 1e-6)
        return (reward - mean) / (std() + 1e-6);
    }
}
