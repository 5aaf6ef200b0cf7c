package dev.rwb.engine.simulate;

import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The per-step training curves, computed from the trajectories of one step of one run. */
public final class StepMetrics {
    /** The metric names, in display order. */
    public static final List<String> NAMES = List.of("reward_mean", "reward_std", "accuracy",
            "response_length_mean", "tool_calls_mean", "entropy_mean", "kl", "clip_fraction");

    private StepMetrics() {
    }

    /**
     * Means over trajectories for rewards, accuracy, lengths and tool calls; means over model-written
     * tokens for entropy and KL (k3 estimate of KL(π‖π_ref)); clipped tokens over tokens with
     * positive loss weight for the clip fraction. reward_std is the population std.
     */
    public static Map<String, Double> compute(List<Trajectory> step) {
        if (step.isEmpty()) {
            throw new IllegalArgumentException("no trajectories to compute step metrics from");
        }
        double n = step.size();
        double rewardSum = 0, rewardSq = 0, correct = 0, length = 0, calls = 0;
        double entropySum = 0, klSum = 0, weighted = 0, clipped = 0;
        long entropyCount = 0, klCount = 0;
        for (Trajectory t : step) {
            rewardSum += t.reward();
            rewardSq += t.reward() * t.reward();
            correct += t.correct() ? 1 : 0;
            length += t.responseLength();
            calls += t.numToolCalls();
            TokenArrays a = t.tokens();
            for (int i = 0; i < a.length(); i++) {
                if (a.roles()[i].isModelWritten() && Float.isFinite(a.entropies()[i])) {
                    entropySum += a.entropies()[i];
                    entropyCount++;
                }
                if (a.roles()[i] != Role.TOOL_RESPONSE && Float.isFinite(a.logprobs()[i]) && Float.isFinite(a.refLogprobs()[i])) {
                    klSum += KlEstimator.K3.value(a.logprobs()[i], a.refLogprobs()[i]);
                    klCount++;
                }
                if (a.lossWeights()[i] > 0) {
                    weighted++;
                    clipped += a.clipped()[i] ? 1 : 0;
                }
            }
        }
        double mean = rewardSum / n;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("reward_mean", mean);
        // population std: sqrt(E[r²] − E[r]²), floored at 0 against rounding
        m.put("reward_std", Math.sqrt(Math.max(0, rewardSq / n - mean * mean)));
        m.put("accuracy", correct / n);
        m.put("response_length_mean", length / n);
        m.put("tool_calls_mean", calls / n);
        m.put("entropy_mean", entropyCount == 0 ? 0 : entropySum / entropyCount);
        m.put("kl", klCount == 0 ? 0 : klSum / klCount);
        m.put("clip_fraction", weighted == 0 ? 0 : clipped / weighted);
        return m;
    }
}
