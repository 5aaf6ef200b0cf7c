package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/**
 * Tokens with loss weight 0 whose stored contribution to the update is not 0: the loss (or the
 * reward sum) ignored the mask (ROLL PR #444's token mean, verl PR #6362's rejected tokens).
 */
public final class MaskedTokenContributesCheck implements TrajectoryCheck {
    /** Contributions below this are float noise, not a gradient. */
    static final double TOLERANCE = 1e-7;

    @Override
    public List<LintFinding> check(Trajectory t, LintContext context) {
        TokenArrays a = t.tokens();
        List<Integer> at = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < a.length(); i++) {
            float c = a.contributions()[i];
            if (a.lossWeights()[i] == 0f && Float.isFinite(c) && Math.abs(c) > TOLERANCE) {
                at.add(i);
                total += Math.abs(c);
            }
        }
        if (at.isEmpty()) {
            return List.of();
        }
        return List.of(new LintFinding(t.id(), LintCode.MASKED_TOKEN_CONTRIBUTES, at,
                String.format(java.util.Locale.ROOT, "masked tokens at %s contribute Σ|c| = %.3g to the update: "
                        + "the loss or the reward ignored the mask, so masked text still moves the policy",
                        Positions.describe(at), total)));
    }
}
