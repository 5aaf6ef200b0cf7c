package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the mask lints: every {@link TrajectoryCheck} on each trajectory, every {@link GroupCheck}
 * on each group (same step and group id). Build with {@link #builder()}; the default has every check.
 */
public final class Linter {
    private final List<TrajectoryCheck> trajectoryChecks;
    private final List<GroupCheck> groupChecks;

    private Linter(Builder b) {
        this.trajectoryChecks = List.copyOf(b.trajectoryChecks);
        this.groupChecks = List.copyOf(b.groupChecks);
    }

    /** A linter with every check of this package. */
    public static Linter standard() {
        return builder().build();
    }

    /** The findings of the trajectory checks on one trajectory. */
    public List<LintFinding> lint(Trajectory t, LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        for (TrajectoryCheck c : trajectoryChecks) {
            out.addAll(c.check(t, context));
        }
        return out;
    }

    /** Every finding for a batch of trajectories (one step, or a whole run): per trajectory, then per group. */
    public List<LintFinding> lintAll(List<Trajectory> trajectories, LintContext context) {
        List<LintFinding> out = new ArrayList<>();
        Map<String, List<Trajectory>> groups = new LinkedHashMap<>();
        for (Trajectory t : trajectories) {
            out.addAll(lint(t, context));
            if (!t.groupId().isEmpty()) {
                groups.computeIfAbsent(t.step() + "\u0000" + t.groupId(), k -> new ArrayList<>()).add(t);
            }
        }
        for (List<Trajectory> g : groups.values()) {
            for (GroupCheck c : groupChecks) {
                out.addAll(c.check(g, context));
            }
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Chooses the checks; by default all of them. */
    public static final class Builder {
        private final List<TrajectoryCheck> trajectoryChecks = new ArrayList<>(List.of(
                new MaskedRoleTrainedCheck(), new StopTokenUntrainedCheck(), new TemplateTokenTrainedCheck(),
                new MaskedTokenContributesCheck(), new LogprobShiftCheck(), new RewardComponentsCheck(),
                new ResponseLengthCheck()));
        private final List<GroupCheck> groupChecks = new ArrayList<>(List.of(new GroupAdvantageCheck()));

        private Builder() {
        }

        /** Replaces the trajectory checks. */
        public Builder optTrajectoryChecks(List<TrajectoryCheck> checks) {
            trajectoryChecks.clear();
            trajectoryChecks.addAll(checks);
            return this;
        }

        /** Adds a trajectory check to those already chosen (e.g. drift, which needs a tokenizer). */
        public Builder addTrajectoryCheck(TrajectoryCheck check) {
            trajectoryChecks.add(check);
            return this;
        }

        /** Replaces the group checks. */
        public Builder optGroupChecks(List<GroupCheck> checks) {
            groupChecks.clear();
            groupChecks.addAll(checks);
            return this;
        }

        public Linter build() {
            return new Linter(this);
        }
    }
}
