package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.Trajectory;

import java.util.List;

/** A check of the samples of one group (one prompt's G samples at one step). */
public interface GroupCheck {
    /** The findings for the group (empty when it passes); each names one of the group's trajectories. */
    List<LintFinding> check(List<Trajectory> group, LintContext context);
}
