package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A group-relative estimator (GRPO, Dr. GRPO, RLOO) gives each sample r − mean(r) (scaled), so a
 * group's advantages average to 0, and are all exactly 0 when every reward is equal. A group that
 * breaks either pushes every sample of the prompt the same way. Checked on each sample's sequence
 * advantage (the advantage of its model-written tokens); a group whose advantages vary within a
 * trajectory (GAE) is not group-relative and is skipped, as is a group stored only in part.
 */
public final class GroupAdvantageCheck implements GroupCheck {
    /** Float32 advantages of a centred group average to within this of 0 (relative to max |A|, at least 1). */
    static final double TOLERANCE = 1e-3;

    @Override
    public List<LintFinding> check(List<Trajectory> group, LintContext context) {
        if (!context.centredAdvantages() || group.size() < 2
                || (context.groupSize() > 0 && group.size() < context.groupSize())) {
            return List.of();
        }
        double[] adv = new double[group.size()];
        for (int k = 0; k < group.size(); k++) {
            Double a = sequenceAdvantage(group.get(k).tokens());
            if (a == null) {
                return List.of();
            }
            adv[k] = a;
        }
        double mean = 0;
        double maxAbs = 0;
        for (double a : adv) {
            mean += a / adv.length;
            maxAbs = Math.max(maxAbs, Math.abs(a));
        }
        double tol = TOLERANCE * Math.max(1, maxAbs);
        List<LintFinding> out = new ArrayList<>();
        if (allEqual(group)) {
            for (int k = 0; k < adv.length; k++) {
                if (Math.abs(adv[k]) > tol) {
                    out.add(new LintFinding(group.get(k).id(), LintCode.EQUAL_REWARDS_NONZERO_ADVANTAGE, List.of(),
                            String.format(Locale.ROOT, "every reward of group %s is %.4g, yet this sample's "
                                    + "advantage is %.4g: a group without signal still pushes the policy",
                                    group.get(k).groupId(), group.get(k).reward(), adv[k])));
                }
            }
        } else if (Math.abs(mean) > tol) {
            for (Trajectory t : group) {
                out.add(new LintFinding(t.id(), LintCode.GROUP_ADVANTAGE_NOT_CENTRED, List.of(),
                        String.format(Locale.ROOT, "group %s's advantages average %.4g, not 0: every sample of "
                                + "this prompt is pushed the same way, a bias the baseline should remove",
                                t.groupId(), mean)));
            }
        }
        return out;
    }

    /** The one advantage of a trajectory's model tokens, or null when unknown or varying per token. */
    static Double sequenceAdvantage(TokenArrays a) {
        Double first = null;
        for (int i = 0; i < a.length(); i++) {
            float v = a.advantages()[i];
            if (!a.roles()[i].isModelWritten() || !Float.isFinite(v)) {
                continue;
            }
            if (first == null) {
                first = (double) v;
            } else if (Math.abs(v - first) > 1e-5 * Math.max(1, Math.abs(first))) {
                return null;
            }
        }
        return first;
    }

    private static boolean allEqual(List<Trajectory> group) {
        double r0 = group.get(0).reward();
        for (Trajectory t : group) {
            if (!(Math.abs(t.reward() - r0) <= 1e-9)) {
                return false;
            }
        }
        return true;
    }
}
