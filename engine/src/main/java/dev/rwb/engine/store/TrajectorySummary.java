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
}
