package dev.rwb.engine.store;

/**
 * The largest |advantage| and |contribution| over the unmasked tokens (loss weight above 0,
 * finite value) of every trajectory of a run: the run's scale for the signed heat colours, so
 * the same colour means the same value in every trajectory of the run.
 *
 * @param maxAbsAdvantage max |A_t|, 0 when the run has no such token
 * @param maxAbsContribution max |c_t|, 0 when the run has no such token
 * @param trajectories how many trajectories were read
 */
public record SignedRanges(double maxAbsAdvantage, double maxAbsContribution, long trajectories) {

    /**
     * max |v| over the tokens with weight above 0 and a finite value (masked tokens are never
     * heat-coloured): one trajectory's share of its run's range, 0 when it has no such token.
     */
    static double maxAbsUnmasked(float[] values, float[] weights) {
        double m = 0;
        for (int i = 0; i < values.length; i++) {
            if (weights[i] > 0f && Float.isFinite(values[i])) {
                m = Math.max(m, Math.abs(values[i]));
            }
        }
        return m;
    }
}
