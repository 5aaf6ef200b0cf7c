package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trajectories for the lint tests: a clean Search-R1 episode (ChatML template, tool response masked,
 * stop token trained, contributions w·A/N) and, per lint, the same episode broken the way the public
 * bug report describes.
 */
final class LintFixtures {
    /** One token of the fixture before weights and values are filled in. */
    record Tok(String text, Role role, int turn) {
    }

    /** The clean episode's tokens: system/prompt scaffold, think, search, tool response, answer, stop. */
    static final List<Tok> EPISODE = List.of(
            new Tok("<|im_start|>", Role.SYSTEM, 0), new Tok("user", Role.SYSTEM, 0), new Tok("\n", Role.SYSTEM, 0),
            new Tok("Who", Role.PROMPT, 0), new Tok(" founded", Role.PROMPT, 0), new Tok(" Acme", Role.PROMPT, 0),
            new Tok("?", Role.PROMPT, 0), new Tok("<|im_end|>", Role.SYSTEM, 0),
            new Tok("<|im_start|>", Role.SYSTEM, 0), new Tok("assistant", Role.SYSTEM, 0), new Tok("\n", Role.SYSTEM, 0),
            new Tok("<think>", Role.REASONING, 0), new Tok(" I", Role.REASONING, 0), new Tok(" should", Role.REASONING, 0),
            new Tok(" search", Role.REASONING, 0), new Tok(" first", Role.REASONING, 0), new Tok("</think>", Role.REASONING, 0),
            new Tok("<search>", Role.TOOL_CALL, 0), new Tok(" Acme", Role.TOOL_CALL, 0), new Tok(" founder", Role.TOOL_CALL, 0),
            new Tok("</search>", Role.TOOL_CALL, 0),
            new Tok("<information>", Role.TOOL_RESPONSE, 1), new Tok(" Ada", Role.TOOL_RESPONSE, 1),
            new Tok(" founded", Role.TOOL_RESPONSE, 1), new Tok(" Acme", Role.TOOL_RESPONSE, 1),
            new Tok("</information>", Role.TOOL_RESPONSE, 1),
            new Tok("<answer>", Role.ANSWER, 1), new Tok(" Ada", Role.ANSWER, 1), new Tok(" Lovelace", Role.ANSWER, 1),
            new Tok("</answer>", Role.ANSWER, 1), new Tok("<|im_end|>", Role.OTHER_MODEL, 1));

    /** Sampled logprobs of the model tokens, in order (varied, as real ones are). */
    private static final float[] MODEL_LOGPROBS = {-0.4f, -2.1f, -0.9f, -3.2f, -0.2f, -1.5f, -0.1f, -2.7f, -0.6f,
            -4.1f, -0.3f, -1.2f, -2.4f, -0.05f, -0.8f};

    /** Normaliser N of the token-mean loss: the number of trained tokens. */
    static final float N = MODEL_LOGPROBS.length;

    private LintFixtures() {
    }

    /** The clean episode with sequence advantage {@code adv} and reward {@code reward}. */
    static Trajectory clean(long id, int sample, double reward, float adv) {
        return build(id, sample, reward, adv, (i, tok) -> tok.role().isModelWritten() ? 1f : 0f);
    }

    interface Weights {
        float of(int position, Tok tok);
    }

    static Trajectory build(long id, int sample, double reward, float adv, Weights weights) {
        TokenArrays.Builder b = TokenArrays.builder();
        int m = 0;
        for (int i = 0; i < EPISODE.size(); i++) {
            Tok t = EPISODE.get(i);
            float w = weights.of(i, t);
            if (t.role().isModelWritten()) {
                float lp = MODEL_LOGPROBS[m++];
                // the reference is close to the policy: |Δ| ≈ 0.01
                b.add(100 + i, t.text(), t.role(), t.turn(), w, lp, lp + 0.01f, 0.5f, adv, w * adv / N, false);
            } else {
                b.add(100 + i, t.text(), t.role(), t.turn(), w, Float.NaN, Float.NaN, Float.NaN, Float.NaN,
                        w * 0f, false);
            }
        }
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("correctness", reward);
        parts.put("format", 0.0);
        return new Trajectory(id, "r", 3, "p1", "g1", sample, "kb-search", "Ada Lovelace", "Ada Lovelace", reward,
                parts, reward > 0, FinishReason.STOP, 1, false, List.of(), b.build());
    }

    /** A clean GRPO group of four: rewards 1, 0, 0, 0 and their centred, scaled advantages. */
    static List<Trajectory> cleanGroup() {
        // GRPO: A = (r − mean) / std with mean 0.25, std = √(0.1875) ≈ 0.4330
        float hi = (float) ((1 - 0.25) / Math.sqrt(0.1875));
        float lo = (float) ((0 - 0.25) / Math.sqrt(0.1875));
        List<Trajectory> g = new ArrayList<>();
        g.add(clean(1, 0, 1.0, hi));
        for (int k = 1; k < 4; k++) {
            g.add(clean(1 + k, k, 0.0, lo));
        }
        return g;
    }

    /** Position of the first token with this text and role. */
    static int indexOf(String text, Role role) {
        for (int i = 0; i < EPISODE.size(); i++) {
            if (EPISODE.get(i).text().equals(text) && EPISODE.get(i).role() == role) {
                return i;
            }
        }
        throw new IllegalArgumentException(text);
    }
}
