package dev.rwb.app.compare;

import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.RecoveredUpdate;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

/**
 * Contributions of one stored trajectory under its own loss weights and under another mask
 * policy, both recomputed by the engine with the run's own loss (its {@link ContributionCalculator}:
 * clip, KL, aggregation) and the ratios and normaliser recovered from the stored values
 * ({@link RecoveredUpdate}), so that under the stored weights the stored contributions come back
 * and the difference shows only the effect of the mask.
 *
 * @param before contributions with the stored weights
 * @param after contributions with {@code policy}'s weights
 * @param afterWeights the weights {@code policy} assigns
 * @param difference after − before, per token
 * @param ratios the recovered ratios and normaliser
 * @param filledAdvantages tokens whose unknown advantage was filled with the response's (see {@link #of})
 */
public record WhatIfMasking(Contributions before, Contributions after, float[] afterWeights, float[] difference,
                            RecoveredUpdate ratios, int filledAdvantages) {

    /**
     * Tokens outside the prompt whose advantage was not recorded (a tool response in a run that masked
     * it, say) get the response's advantage — every token of a response shares it (DESIGN §2) — so a
     * policy that unmasks them has something to weigh.
     *
     * @param loss the run's contribution calculator ({@code TrainingRecipe.contributions()})
     * @throws IllegalArgumentException when the policy weights a token whose advantage is still unknown
     */
    public static WhatIfMasking of(TokenArrays stored, MaskPolicy policy, ContributionCalculator loss) {
        float[] advantages = stored.advantages().clone();
        int filled = fillResponseAdvantage(stored.roles(), advantages);
        TokenArrays tokens = new TokenArrays(stored.tokenIds(), stored.tokenText(), stored.roles(), stored.turns(),
                stored.lossWeights(), stored.logprobs(), stored.refLogprobs(), stored.entropies(), advantages,
                stored.contributions(), stored.clipped());
        RecoveredUpdate update = RecoveredUpdate.of(tokens, loss);
        Contributions before = update.recompute(tokens, tokens.lossWeights(), loss);
        float[] weights = policy.weights(tokens);
        Contributions after = update.recompute(tokens, weights, loss);
        float[] diff = new float[tokens.length()];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = after.contributions()[i] - before.contributions()[i];
        }
        return new WhatIfMasking(before, after, weights, diff, update, filled);
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
