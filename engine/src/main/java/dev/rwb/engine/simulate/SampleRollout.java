package dev.rwb.engine.simulate;

import dev.rwb.engine.trajectory.Trajectory;

/**
 * A generated trajectory with the importance ratios ρ = π_θ/π_old its contributions were computed
 * from. The ratios are not part of the trajectory schema, so they travel alongside for checks.
 */
public record SampleRollout(Trajectory trajectory, float[] ratios) {
}
