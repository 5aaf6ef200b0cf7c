package dev.rwb.engine.rl.algo;

import java.util.List;

/**
 * Turns the rewards of a step's groups (the G samples of each prompt) into one advantage per
 * sample (DESIGN §5). Every token of a response shares its response's advantage.
 */
public interface AdvantageEstimator {
    /** Advantages of every group, in the same shape as {@code groupRewards}. */
    List<double[]> advantages(List<double[]> groupRewards);

    /** The estimator of an algorithm name of the run config (grpo, dr_grpo, rloo, reinforce, ppo). */
    static AdvantageEstimator forAlgorithm(String name) {
        return switch (name) {
            case "grpo" -> new GrpoAdvantage();
            case "dr_grpo" -> new DrGrpoAdvantage();
            case "rloo" -> new RlooAdvantage();
            case "reinforce" -> new MeanBaselineAdvantage();
            case "ppo" -> new PpoAdvantage();
            default -> throw new IllegalArgumentException("unknown algorithm '" + name + "'");
        };
    }
}
