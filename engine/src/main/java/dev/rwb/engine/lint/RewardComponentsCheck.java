package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.Trajectory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The reward components do not add up to the reward: some part was weighted, clipped or dropped
 * on the way, so the reward the advantages saw is not the one the breakdown explains. Only checked
 * where the components are additive by construction: runs the workbench made, or components that
 * all carry the workbench's names (imported dumps often list extra diagnostics beside the score).
 */
public final class RewardComponentsCheck implements TrajectoryCheck {
    /** The components the workbench's composite reward and its trainer write. */
    static final Set<String> WORKBENCH_COMPONENTS = Set.of("correctness", "format", "length_penalty", "overlong",
            "kl_penalty");

    @Override
    public List<LintFinding> check(Trajectory t, LintContext context) {
        Map<String, Double> parts = t.rewardComponents();
        if (parts.isEmpty() || !Double.isFinite(t.reward())
                || !(context.additiveRewards() || WORKBENCH_COMPONENTS.containsAll(parts.keySet()))) {
            return List.of();
        }
        double sum = 0;
        for (Map.Entry<String, Double> e : parts.entrySet()) {
            // a dump's stated length is kept beside its parts, but is not one
            sum += e.getKey().equals(ResponseLengthCheck.STATED_KEY) ? 0 : e.getValue();
        }
        // float32 storage of the parts: agree to 1e-4 of the reward's size
        if (Math.abs(sum - t.reward()) <= 1e-4 * Math.max(1, Math.abs(t.reward()))) {
            return List.of();
        }
        return List.of(new LintFinding(t.id(), LintCode.REWARD_COMPONENTS_MISMATCH, List.of(),
                String.format(Locale.ROOT, "reward %.4g ≠ Σ components %.4g %s: the advantages were computed "
                        + "from a reward the breakdown does not explain", t.reward(), sum, parts)));
    }
}
