package dev.rwb.engine.rl;

/**
 * The per-token result of {@link ContributionCalculator}: the signed coefficient of ∇ log π(token)
 * in the update, whether the PPO clip removed the token's policy-gradient term, and the
 * normaliser N that was used.
 *
 * @param contributions c_t per token (0 where masked or clipped, apart from a KL term)
 * @param clipped true where the ratio clip was active on a token with positive weight
 * @param normaliser the N of {@code L = -(1/N) Σ w·A·ρ} applied to this sequence
 */
public record Contributions(float[] contributions, boolean[] clipped, double normaliser) {

    /** Fraction of positively weighted tokens whose gradient the clip removed. */
    public double clipFraction(float[] weights) {
        int active = 0;
        int clippedCount = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                active++;
                if (clipped[i]) {
                    clippedCount++;
                }
            }
        }
        return active == 0 ? 0 : (double) clippedCount / active;
    }
}
