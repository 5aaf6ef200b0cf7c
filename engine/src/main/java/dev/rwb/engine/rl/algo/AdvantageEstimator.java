package dev.rwb.engine.rl.algo;

import java.util.List;

/**
 * Turns the rewards of a step's groups (the G samples of each prompt) into one advantage per
 * sample (DESIGN §5). Every token of a response shares its response's advantage. The estimator of
 * a run comes from {@link dev.rwb.engine.rl.recipe.TrainingRecipe#advantages()}.
 */
public interface AdvantageEstimator {
    /** Advantages of every group, in the same shape as {@code groupRewards}. */
    List<double[]> advantages(List<double[]> groupRewards);
}
