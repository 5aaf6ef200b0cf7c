package dev.rwb.engine.lint;

import dev.rwb.engine.rl.MaskPolicy;

import java.util.Optional;

/**
 * What the checks know about the run beyond the trajectory itself.
 *
 * @param maskPolicy the run's mask policy, or null when the run has none on record (an import)
 * @param groupSize the configured group size G, or 0 when unknown; a group with fewer stored samples
 *                  (the trainer stores a fraction) is not checked for centring
 * @param centredAdvantages whether the run's advantage estimator centres each group (GRPO, Dr. GRPO,
 *                          RLOO; assumed for an import); false for REINFORCE and PPO
 * @param additiveRewards whether the reward is by construction the sum of its components (runs the
 *                        workbench made); imported components may be extra diagnostics
 */
public record LintContext(MaskPolicy maskPolicy, int groupSize, boolean centredAdvantages, boolean additiveRewards) {
    /** Nothing known about the run (an import). */
    public static final LintContext UNKNOWN_RUN = new LintContext(null, 0, true, false);

    /** The mask policy when the run states one. */
    public Optional<MaskPolicy> mask() {
        return Optional.ofNullable(maskPolicy);
    }
}
