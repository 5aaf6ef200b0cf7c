package dev.rwb.engine.rl.algo;

import dev.rwb.engine.rl.Advantages;

import java.util.List;

/** RLOO: {@code A_i = r_i − mean_{j≠i}(r_j)}, the leave-one-out baseline. */
public final class RlooAdvantage implements AdvantageEstimator {
    @Override
    public List<double[]> advantages(List<double[]> groupRewards) {
        return groupRewards.stream().map(Advantages::rloo).toList();
    }
}
