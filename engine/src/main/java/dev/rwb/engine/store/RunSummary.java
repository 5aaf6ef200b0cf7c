package dev.rwb.engine.store;

/** A run with counts over its stored trajectories (NaN means: no trajectories). */
public record RunSummary(RunInfo run, long trajectories, int minStep, int maxStep, double meanReward,
                         double accuracy, long metricSteps) {
}
