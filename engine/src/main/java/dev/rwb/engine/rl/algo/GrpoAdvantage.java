package dev.rwb.engine.rl.algo;

import dev.rwb.engine.rl.Advantages;

import java.util.List;

/** GRPO (DeepSeekMath): {@code A_i = (r_i − mean(r)) / (std(r) + 1e-6)}, Bessel-corrected std, per group. */
public final class GrpoAdvantage implements AdvantageEstimator {
    @Override
    public List<double[]> advantages(List<double[]> groupRewards) {
        return groupRewards.stream().map(Advantages::grpo).toList();
    }
}
