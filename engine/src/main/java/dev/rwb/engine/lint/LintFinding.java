package dev.rwb.engine.lint;

import java.util.List;
import java.util.Objects;

/**
 * One thing a lint found wrong with a trajectory.
 *
 * @param trajectoryId the database id of the trajectory (0 when not stored yet)
 * @param code which check raised it, e.g. {@code masked-role-trained}
 * @param positions the offending token positions (empty for a finding about the whole trajectory)
 * @param message one line: what is wrong and why it matters
 */
public record LintFinding(long trajectoryId, LintCode code, List<Integer> positions, String message) {
    public LintFinding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        positions = positions == null ? List.of() : List.copyOf(positions);
    }

    /** A copy attached to another trajectory id (a finding made before the trajectory was stored). */
    public LintFinding withTrajectoryId(long id) {
        return new LintFinding(id, code, positions, message);
    }
}
