package dev.rwb.engine.trajectory;

import java.util.Map;

/**
 * The one check every imported trajectory passes, whatever format it came from, before anything
 * is stored. It refuses values no rollout can produce:
 * <ul>
 *   <li>no tokens at all;</li>
 *   <li>a token id below 0, except {@link #UNKNOWN_TOKEN_ID} (−1), which importers use for a token
 *       text the tokenizer has no single id for;</li>
 *   <li>a log-probability (policy, reference, trainer or a top-k alternative's) above 0; {@code NaN}
 *       (JSON null) means unknown;</li>
 *   <li>an infinite float anywhere (a JSON number like {@code 1e999} overflows to infinity);</li>
 *   <li>a negative step, sample index, turn, tool-call count or loss weight;</li>
 *   <li>text that is not well-formed UTF-16, i.e. a lone surrogate such as {@code \ud800}, which
 *       has no UTF-8 encoding and would be stored as {@code ?}.</li>
 * </ul>
 */
public final class TrajectoryValidator {
    /** The token id of a token whose id is not known (text-only sources). */
    public static final int UNKNOWN_TOKEN_ID = -1;

    private TrajectoryValidator() {
    }

    /**
     * Throws on the first impossible value of {@code t}.
     *
     * @param source the file (or entry) the trajectory came from, for the message
     * @param ordinal 1-based position of the trajectory among those read from the source
     */
    public static void validate(Trajectory t, String source, long ordinal) throws TrajectoryFormatException {
        new Check(t, source, ordinal, null).run();
    }

    /**
     * {@link #validate(Trajectory, String, long)} for a caller that has built the trajectory's text
     * ({@code t.tokens().text()}, the concatenation of its token texts) anyway: when that text has no
     * surrogate at all, no token text can hold a lone one, and the per-token scan is skipped. That scan
     * read each token's String, ~1,000 scattered objects a trajectory, and was a tenth of an import's
     * worker time (JFR, rwb bench import --mb 1000, Qwen3); the text is one contiguous scan.
     */
    public static void validate(Trajectory t, String source, long ordinal, String text) throws TrajectoryFormatException {
        new Check(t, source, ordinal, text).run();
    }

    /** Whether {@code s} holds any surrogate char (paired or not). */
    static boolean hasSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@link Character#isSurrogate} as one unsigned compare. */
    private static boolean isSurrogate(char c) {
        return (char) (c - Character.MIN_SURROGATE) <= Character.MAX_SURROGATE - Character.MIN_SURROGATE;
    }

    /** The index of the first lone surrogate of {@code s}, or −1 when it is well-formed. */
    public static int loneSurrogate(String s) {
        if (s == null) {
            return -1;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            // one compare a char for the common case (no surrogate at all): it runs for every token
            // text of an import whose text has a surrogate
            if (isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }

    private record Check(Trajectory t, String source, long ordinal, String text) {
        void run() throws TrajectoryFormatException {
            TokenArrays a = t.tokens();
            boolean tokenSurrogates = text == null || hasSurrogate(text);
            if (a.length() == 0) {
                throw error("tokens.token_ids", "has no tokens (a trajectory needs at least one)");
            }
            nonNegative("step", t.step());
            nonNegative("sample_index", t.sampleIndex());
            nonNegative("num_tool_calls", t.numToolCalls());
            text("run", t.run());
            text("task", t.task());
            text("prompt_id", t.promptId());
            text("group_id", t.groupId());
            text("ground_truth", t.groundTruth());
            text("final_answer", t.finalAnswer());
            text("tool_error", t.toolError());
            text("verifier_error", t.verifierError());
            notInfinite("reward", t.reward());
            for (Map.Entry<String, Double> e : t.rewardComponents().entrySet()) {
                text("reward_components", e.getKey());
                notInfinite("reward_components." + e.getKey(), e.getValue() == null ? Double.NaN : e.getValue());
            }
            // Field names like "tokens.logprob[17]" are built only for the value that fails: building
            // eight per token made validation a quarter of an import's CPU.
            for (int i = 0; i < a.length(); i++) {
                int id = a.tokenIds()[i];
                if (id < 0 && id != UNKNOWN_TOKEN_ID) {
                    throw error(at("token_ids", i), "token id " + id + " is negative (only "
                            + UNKNOWN_TOKEN_ID + " is allowed, meaning unknown)");
                }
                if (tokenSurrogates && loneSurrogate(a.tokenText()[i]) >= 0) {
                    text(at("token_text", i), a.tokenText()[i]);
                }
                if (a.turns()[i] < 0) {
                    nonNegative(at("turn", i), a.turns()[i]);
                }
                float lp = a.logprobs()[i];
                if (lp > 0 || Float.isInfinite(lp)) {
                    logprob(at("logprob", i), lp);
                }
                float ref = a.refLogprobs()[i];
                if (ref > 0 || Float.isInfinite(ref)) {
                    logprob(at("ref_logprob", i), ref);
                }
                float w = a.lossWeights()[i];
                if (!(w >= 0) || Float.isInfinite(w)) {
                    throw error(at("loss_weight", i), "loss weight must be a finite number ≥ 0, found " + w);
                }
                if (Float.isInfinite(a.entropies()[i])) {
                    notInfinite(at("entropy", i), a.entropies()[i]);
                }
                if (Float.isInfinite(a.advantages()[i])) {
                    notInfinite(at("advantage", i), a.advantages()[i]);
                }
                if (Float.isInfinite(a.contributions()[i])) {
                    notInfinite(at("contribution", i), a.contributions()[i]);
                }
                float trainer = a.trainerLogprobs()[i];
                if (trainer > 0 || Float.isInfinite(trainer)) {
                    logprob(at("trainer_logprob", i), trainer);
                }
                if (Float.isInfinite(a.mismatchKl()[i])) {
                    notInfinite(at("mismatch_kl", i), a.mismatchKl()[i]);
                }
                TopLogprobs top = a.topLogprobs()[i];
                for (int k = 0; k < top.size(); k++) {
                    text("tokens.top_logprobs[" + i + "][" + k + "].token", top.tokens()[k]);
                    logprob("tokens.top_logprobs[" + i + "][" + k + "].logprob", top.logprobs()[k]);
                }
            }
            for (Map.Entry<String, float[]> e : a.lossStreams().entrySet()) {
                text("tokens.loss_streams", e.getKey());
                for (int i = 0; i < a.length(); i++) {
                    if (Float.isInfinite(e.getValue()[i])) {
                        notInfinite("tokens.loss_streams." + e.getKey() + "[" + i + "]", e.getValue()[i]);
                    }
                }
            }
        }

        private static String at(String field, int i) {
            return "tokens." + field + "[" + i + "]";
        }

        private void nonNegative(String field, int value) throws TrajectoryFormatException {
            if (value < 0) {
                throw error(field, "must be ≥ 0, found " + value);
            }
        }

        private void notInfinite(String field, double value) throws TrajectoryFormatException {
            if (Double.isInfinite(value)) {
                throw error(field, "must be a finite number (or null), found " + value
                        + " (a number too large for a double?)");
            }
        }

        private void logprob(String field, float value) throws TrajectoryFormatException {
            notInfinite(field, value);
            if (value > 0) {
                throw error(field, "a log-probability must be ≤ 0 (or null), found " + value);
            }
        }

        private void text(String field, String value) throws TrajectoryFormatException {
            int at = loneSurrogate(value);
            if (at >= 0) {
                throw error(field, String.format("is not well-formed UTF-8: lone surrogate \\u%04x at character %d",
                        (int) value.charAt(at), at));
            }
        }

        private TrajectoryFormatException error(String field, String problem) {
            return new TrajectoryFormatException(source, 0, field, "trajectory " + ordinal + " (run '"
                    + printable(t.run()) + "', step " + t.step() + ", sample " + t.sampleIndex() + "): " + problem);
        }

        private static String printable(String s) {
            return loneSurrogate(s) >= 0 ? s.replaceAll("[\\ud800-\\udfff]", "?") : s;
        }
    }
}
