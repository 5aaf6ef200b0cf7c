package dev.rwb.engine.env.reward;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composite reward of a group of responses to one prompt:
 * {@code r = w_c·correctness + w_f·format + w_l·kimi_length + w_o·dapo_overlong}.
 * Components are stored already weighted, so they add up to the total shown in the inspector;
 * terms with weight 0 are left out (correctness is always present).
 */
public final class CompositeReward {
    public static final String CORRECTNESS = "correctness";
    public static final String FORMAT = "format";
    public static final String LENGTH_PENALTY = "length_penalty";
    public static final String OVERLONG = "overlong";

    private final RewardWeights weights;
    private final DapoOverlongPenalty overlong;

    public CompositeReward(RewardWeights weights) {
        this.weights = weights;
        this.overlong = new DapoOverlongPenalty(weights.overlongMaxLength(), weights.overlongCache());
    }

    public RewardWeights weights() {
        return weights;
    }

    /** What the reward needs to know about one response. */
    public record Response(Verdict verdict, String responseText, int responseLength) {
    }

    /** Scores every response of one group (the length penalty compares lengths within the group). */
    public List<ScoredResponse> scoreGroup(List<Response> group) {
        int n = group.size();
        int[] lengths = new int[n];
        boolean[] correct = new boolean[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = group.get(i).responseLength();
            correct[i] = group.get(i).verdict().correct();
        }
        double[] kimi = KimiLengthPenalty.compute(lengths, correct);
        List<ScoredResponse> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Response r = group.get(i);
            Map<String, Double> parts = new LinkedHashMap<>();
            parts.put(CORRECTNESS, weights.correctness() * r.verdict().score());
            if (weights.format() != 0) {
                parts.put(FORMAT, weights.format() * (FormatCheck.isWellFormed(r.responseText()) ? 1 : 0));
            }
            if (weights.lengthPenalty() != 0) {
                parts.put(LENGTH_PENALTY, weights.lengthPenalty() * kimi[i]);
            }
            if (weights.overlong() != 0) {
                parts.put(OVERLONG, weights.overlong() * overlong.apply(r.responseLength()));
            }
            double total = parts.values().stream().mapToDouble(Double::doubleValue).sum();
            out.add(new ScoredResponse(total, parts));
        }
        return out;
    }
}
