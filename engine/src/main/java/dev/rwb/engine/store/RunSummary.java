package dev.rwb.engine.store;

/**
 * A run with counts over its stored trajectories. {@code meanReward} is NaN when no trajectory has
 * a reward; {@code accuracy} counts only trajectories whose correctness is known (they have a
 * reward) and is NaN when none is.
 */
public record RunSummary(RunInfo run, long trajectories, int minStep, int maxStep, double meanReward,
                         double accuracy, long metricSteps) {
}
