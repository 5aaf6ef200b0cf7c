package dev.rwb.engine.simulate;

import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;

/**
 * Turns an {@link EpisodeText} into tokens with plausible per-token statistics. Each piece is
 * encoded with the {@link TaskTokenizer} and every token's text is the tokenizer's decode of its id.
 * Model tokens get an entropy and a logprob from their piece's {@link Tone}: routine tokens are
 * confident, tokens just before a tool call or an answer are decision points (higher entropy),
 * tokens of a wrong answer are unlikely, repetition loops are near-certain. Prompt and tool tokens
 * were not sampled: their logprob, reference logprob and entropy are NaN.
 */
final class TokenScorer {
    private static final Set<String> DECISION_TAGS = Set.of("<search>", "<calc>", "<answer>");

    private final TaskTokenizer tokenizer;
    private final int responseBudget;

    /** @param responseBudget the most tokens after the prompt (model and tool); beyond it the episode ends with LENGTH */
    TokenScorer(TaskTokenizer tokenizer, int responseBudget) {
        this.tokenizer = tokenizer;
        this.responseBudget = responseBudget;
    }

    ScoredEpisode score(EpisodeText episode, StepProfile profile, Random rnd) {
        TokenArrays.Builder b = TokenArrays.builder();
        float[] ratios = new float[64];
        int response = 0;
        int toolCalls = 0;
        boolean truncated = false;
        boolean answered = false;
        for (EpisodeText.Piece piece : episode.pieces()) {
            int[] ids = tokenizer.encode(piece.text());
            boolean prompt = piece.role() == Role.SYSTEM || piece.role() == Role.PROMPT;
            int before = b.size();
            for (int k = 0; k < ids.length; k++) {
                if (!prompt && response == responseBudget) {
                    truncated = true;
                    break;
                }
                String text = tokenizer.decodeToken(ids[k]);
                String next = k + 1 < ids.length ? tokenizer.decodeToken(ids[k + 1]) : "";
                if (ratios.length == b.size()) {
                    ratios = Arrays.copyOf(ratios, ratios.length * 2);
                }
                ratios[b.size()] = 1f;
                if (piece.role().isModelWritten()) {
                    ratios[b.size()] = ratio(profile, rnd);
                    addModelToken(b, ids[k], text, next, piece, profile, rnd);
                } else {
                    b.add(ids[k], text, piece.role(), piece.turn());
                }
                response += prompt ? 0 : 1;
            }
            if (piece.role() == Role.TOOL_CALL && b.size() > before) {
                toolCalls++;
            }
            if (truncated) {
                break;
            }
            answered |= piece.role() == Role.ANSWER;
        }
        FinishReason finish = truncated ? FinishReason.LENGTH : episode.finishReason();
        TokenArrays tokens = b.build();
        return new ScoredEpisode(tokens, Arrays.copyOf(ratios, tokens.length()), finish,
                answered ? episode.finalAnswer() : null, toolCalls);
    }

    private void addModelToken(TokenArrays.Builder b, int id, String text, String next, EpisodeText.Piece piece,
                               StepProfile profile, Random rnd) {
        double u = rnd.nextDouble();
        double entropy;
        double nll;
        boolean tag = TaskTokenizer.TAGS.contains(text);
        if (piece.tone() == Tone.LOOP) {
            entropy = 0.02 + 0.05 * u;
            nll = 0.001 + 0.01 * rnd.nextDouble();
        } else if (DECISION_TAGS.contains(next) || DECISION_TAGS.contains(text)) {
            // the moment of choosing to call a tool or to answer
            entropy = 1.6 + 1.2 * u;
            nll = 0.4 + 1.4 * rnd.nextDouble();
        } else if (tag) {
            entropy = 0.05 + 0.1 * u;
            nll = 0.005 + 0.03 * rnd.nextDouble();
        } else {
            switch (piece.tone()) {
                case DECISION -> {
                    entropy = 1.0 + 1.2 * u;
                    nll = 0.2 + 1.3 * rnd.nextDouble() * u;
                }
                case SHAKY -> {
                    entropy = 1.2 + 1.6 * u;
                    nll = 0.8 + 2.2 * rnd.nextDouble();
                }
                default -> {
                    entropy = 0.1 + 0.6 * u * u;
                    nll = 0.01 + 0.5 * u * rnd.nextDouble();
                }
            }
        }
        entropy *= profile.entropyScale();
        double logprob = -nll;
        // the frozen reference drifts from the policy as training goes on; log-probs stay ≤ 0
        double ref = Math.min(0, logprob + rnd.nextGaussian() * profile.refDrift());
        b.add(id, text, piece.role(), piece.turn(), 0f, round(logprob), round(ref), round(entropy), Float.NaN, 0f, false);
    }

    private static float ratio(StepProfile profile, Random rnd) {
        if (rnd.nextDouble() < profile.clipOutlierRate()) {
            // an off-policy minibatch moved this token a lot: ρ = e^{±0.4}, outside [0.8, 1.28]
            return (float) Math.exp(rnd.nextBoolean() ? 0.4 : -0.4);
        }
        // ρ = π_θ/π_old ≈ 1: later minibatches of a PPO epoch are slightly off-policy
        return (float) Math.exp(rnd.nextGaussian() * profile.ratioNoise());
    }

    /** Three decimals keep the sample files small; −0.0005 rounds to −0.0, still a valid log-prob. */
    private static float round(double v) {
        return (float) (Math.round(v * 1000) / 1000.0);
    }
}
