package dev.rwb.engine.drivers;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.Locale;
import java.util.function.DoubleConsumer;

/**
 * What drives a step metric, per trajectory (to sort by) and per token (for the histogram):
 * response length for length curves, entropy for entropy, the clipped tokens for clip fraction
 * (the stored flag: the importance ratio itself is not stored), k1 KL (logprob − ref logprob) for
 * KL, and the reward for reward and accuracy curves.
 */
public enum StepDriver {
    REWARD("reward", false),
    LENGTH("response length", false),
    ENTROPY("entropy", true),
    CLIP("clipped (|ratio − 1| beyond the clip range)", true),
    KL("KL (logprob − ref logprob)", true);

    private final String label;
    private final boolean perToken;

    StepDriver(String label, boolean perToken) {
        this.label = label;
        this.perToken = perToken;
    }

    /** The driver of a metric by its name: {@code response_length_mean} → LENGTH, {@code clip_fraction} → CLIP, …. */
    public static StepDriver forMetric(String metric) {
        String m = metric == null ? "" : metric.toLowerCase(Locale.ROOT);
        if (m.contains("length")) {
            return LENGTH;
        }
        if (m.contains("entropy")) {
            return ENTROPY;
        }
        if (m.contains("clip")) {
            return CLIP;
        }
        if (m.contains("kl")) {
            return KL;
        }
        return REWARD;
    }

    /** What the histogram and sort are of. */
    public String label() {
        return label;
    }

    /** Whether the histogram counts tokens (else trajectories). */
    public boolean perToken() {
        return perToken;
    }

    /**
     * The trajectory's sort key: its reward, its response length, or the mean over its loss tokens
     * (for CLIP the fraction of clipped loss tokens); NaN when it has no such value.
     */
    public double of(Trajectory t) {
        switch (this) {
            case REWARD:
                return t.reward();
            case LENGTH:
                return t.responseLength();
            default:
                double[] sum = {0, 0};
                tokenValues(t, v -> {
                    sum[0] += v;
                    sum[1]++;
                });
                return sum[1] == 0 ? Double.NaN : sum[0] / sum[1];
        }
    }

    /** The per-token values of the trajectory's loss tokens (finite only); nothing for per-trajectory drivers. */
    public void tokenValues(Trajectory t, DoubleConsumer out) {
        TokenArrays a = t.tokens();
        for (int i = 0; i < a.length(); i++) {
            if (a.lossWeights()[i] <= 0) {
                continue;
            }
            double v = switch (this) {
                case ENTROPY -> a.entropies()[i];
                case CLIP -> a.clipped()[i] ? 1 : 0;
                case KL -> (double) a.logprobs()[i] - a.refLogprobs()[i];
                default -> Double.NaN;
            };
            if (Double.isFinite(v)) {
                out.accept(v);
            }
        }
    }
}
