package dev.rwb.engine.rl.train;

import dev.rwb.engine.env.reward.FormatCheck;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Accumulates a step's rollout metrics (reward, accuracy, format, lengths, tools, KL, entropy). */
final class StepStats {
    private final Welford reward = new Welford();
    private final Welford length = new Welford();
    private int episodes;
    private int correct;
    private int formatted;
    private int toolCalls;
    private double klSum;
    private long klTokens;
    private double entropySum;
    private long entropyTokens;

    void episode(Trajectory t, double finalReward) {
        episodes++;
        reward.add(finalReward);
        length.add(t.responseLength());
        correct += t.correct() ? 1 : 0;
        formatted += FormatCheck.isWellFormed(responseText(t)) ? 1 : 0;
        toolCalls += t.numToolCalls();
    }

    void tokens(TokenArrays t, KlEstimator kl) {
        for (int i = 0; i < t.length(); i++) {
            if (!t.roles()[i].isModelWritten()) {
                continue;
            }
            if (Float.isFinite(t.entropies()[i])) {
                entropySum += t.entropies()[i];
                entropyTokens++;
            }
            if (kl != null && Float.isFinite(t.refLogprobs()[i]) && Float.isFinite(t.logprobs()[i])) {
                klSum += kl.value(t.logprobs()[i], t.refLogprobs()[i]);
                klTokens++;
            }
        }
    }

    /** The text after the prompt: model and tool tokens. */
    static String responseText(Trajectory t) {
        StringBuilder sb = new StringBuilder();
        String[] text = t.tokens().tokenText();
        for (int i = t.promptLength(); i < text.length; i++) {
            sb.append(text[i]);
        }
        return sb.toString();
    }

    Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("reward_mean", reward.mean());
        m.put("reward_std", reward.std());
        m.put("accuracy", episodes == 0 ? 0 : (double) correct / episodes);
        m.put("format_rate", episodes == 0 ? 0 : (double) formatted / episodes);
        m.put("response_length_mean", length.mean());
        m.put("response_length_max", length.max());
        m.put("tool_calls_per_episode", episodes == 0 ? 0 : (double) toolCalls / episodes);
        m.put("kl", klTokens == 0 ? 0 : klSum / klTokens);
        m.put("entropy", entropyTokens == 0 ? 0 : entropySum / entropyTokens);
        return m;
    }
}
