package dev.rwb.engine.rl.algo;

import dev.rwb.engine.rl.Advantages;

import java.util.List;

/**
 * REINFORCE with a mean-reward baseline (Kimi k1.5): {@code A_j = r_j − r̄}, r̄ the mean of the k
 * samples of the prompt (the same centring as Dr. GRPO, {@link Advantages#drGrpo}). The τ
 * regulariser {@code −(τ/2)∇(log π(y_j|x)/π_old(y_j|x))²} of Kimi's gradient is part of the loss
 * ({@link PolicyGradientLoss}), not of the advantage.
 */
public final class MeanBaselineAdvantage implements AdvantageEstimator {
    @Override
    public List<double[]> advantages(List<double[]> groupRewards) {
        return groupRewards.stream().map(Advantages::drGrpo).toList();
    }
}
