package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.Trajectory;

import java.util.List;

/** A check of one trajectory on its own. */
public interface TrajectoryCheck {
    /** The findings for {@code t} (empty when it passes). */
    List<LintFinding> check(Trajectory t, LintContext context);
}
