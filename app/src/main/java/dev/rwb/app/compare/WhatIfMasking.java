package dev.rwb.app.compare;

import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.TokenArrays;

/**
 * Contributions of one stored trajectory under its own loss weights and under another mask
 * policy, both recomputed by the engine's {@link ContributionCalculator} with the same estimated
 * ratios, so that the difference shows only the effect of the mask.
 *
 * @param before contributions with the stored weights
 * @param after contributions with {@code policy}'s weights
 * @param afterWeights the weights {@code policy} assigns
 * @param difference after − before, per token
 * @param ratios how the ratios were obtained
 */
public record WhatIfMasking(Contributions before, Contributions after, float[] afterWeights, float[] difference,
                            RatioEstimate ratios) {

    /** @throws IllegalArgumentException when the policy weights a token whose advantage is unknown */
    public static WhatIfMasking of(TokenArrays tokens, MaskPolicy policy, ContributionCalculator calculator) {
        RatioEstimate rho = RatioEstimate.of(tokens);
        Contributions before = calculator.compute(tokens, tokens.lossWeights(), rho.ratios());
        float[] weights = policy.weights(tokens);
        Contributions after = calculator.compute(tokens, weights, rho.ratios());
        float[] diff = new float[tokens.length()];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = after.contributions()[i] - before.contributions()[i];
        }
        return new WhatIfMasking(before, after, weights, diff, rho);
    }
}
