package dev.rwb.engine.rl.algo;

import dev.rwb.engine.rl.Advantages;

import java.util.List;

/**
 * Dr. GRPO: {@code A_i = r_i − mean(r)} (no std division); its loss divides the masked token sum by
 * a constant (seq-mean-token-sum-norm), which the trainer selects for this algorithm.
 */
public final class DrGrpoAdvantage implements AdvantageEstimator {
    @Override
    public List<double[]> advantages(List<double[]> groupRewards) {
        return groupRewards.stream().map(Advantages::drGrpo).toList();
    }
}
