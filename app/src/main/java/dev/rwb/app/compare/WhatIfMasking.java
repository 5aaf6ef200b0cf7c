package dev.rwb.app.compare;

import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.Role;
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
 * @param filledAdvantages tokens whose unknown advantage was filled with the response's (see {@link #of})
 */
public record WhatIfMasking(Contributions before, Contributions after, float[] afterWeights, float[] difference,
                            RatioEstimate ratios, int filledAdvantages) {

    /**
     * Tokens outside the prompt whose advantage was not recorded (a tool response in a run that masked
     * it, say) get the response's advantage — every token of a response shares it (DESIGN §2) — so a
     * policy that unmasks them has something to weigh.
     *
     * @throws IllegalArgumentException when the policy weights a token whose advantage is still unknown
     */
    public static WhatIfMasking of(TokenArrays stored, MaskPolicy policy, ContributionCalculator calculator) {
        float[] advantages = stored.advantages().clone();
        int filled = fillResponseAdvantage(stored.roles(), advantages);
        TokenArrays tokens = new TokenArrays(stored.tokenIds(), stored.tokenText(), stored.roles(), stored.turns(),
                stored.lossWeights(), stored.logprobs(), stored.refLogprobs(), stored.entropies(), advantages,
                stored.contributions(), stored.clipped());
        RatioEstimate rho = RatioEstimate.of(tokens);
        Contributions before = calculator.compute(tokens, tokens.lossWeights(), rho.ratios());
        float[] weights = policy.weights(tokens);
        Contributions after = calculator.compute(tokens, weights, rho.ratios());
        float[] diff = new float[tokens.length()];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = after.contributions()[i] - before.contributions()[i];
        }
        return new WhatIfMasking(before, after, weights, diff, rho, filled);
    }

    private static int fillResponseAdvantage(Role[] roles, float[] advantages) {
        float response = Float.NaN;
        for (int i = 0; i < roles.length && Float.isNaN(response); i++) {
            if (roles[i].isModelWritten() && Float.isFinite(advantages[i])) {
                response = advantages[i];
            }
        }
        int filled = 0;
        for (int i = 0; i < roles.length && Float.isFinite(response); i++) {
            boolean inPrompt = roles[i] == Role.SYSTEM || roles[i] == Role.PROMPT || roles[i] == Role.PAD;
            if (!inPrompt && Float.isNaN(advantages[i])) {
                advantages[i] = response;
                filled++;
            }
        }
        return filled;
    }
}
