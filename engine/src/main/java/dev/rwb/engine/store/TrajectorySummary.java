package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.FinishReason;

/**
 * The filterable, per-trajectory columns: one row of the trajectory table, without the token arrays.
 * {@code error} is why a tool, the verifier or the reward failed on the episode (it then scored 0), or null.
 */
public record TrajectorySummary(long id, String run, int step, String promptId, String groupId, int sampleIndex,
                                String task, double reward, boolean correct, FinishReason finishReason,
                                int numToolCalls, int length, int responseLength, String finalAnswer,
                                String groundTruth, boolean textOnly, String error) {
    /** Whether a reward was recorded (imported dumps may have none: then reward is NaN). */
    public boolean hasReward() {
        return !Double.isNaN(reward);
    }

    /**
     * Whether {@code correct} is a verdict: only where a reward was recorded. Without one nothing
     * judged the answer, and {@code correct == false} means "unknown", not "wrong".
     */
    public boolean correctnessKnown() {
        return hasReward();
    }
}
