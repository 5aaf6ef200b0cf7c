package dev.rwb.engine.env.reward;

/**
 * A verifier's judgement of one final answer.
 *
 * @param score the task's correctness score (1 correct; countdown gives 0.1 for a well-formed wrong equation)
 * @param correct whether the answer is right
 * @param wellFormed whether an answer of the expected shape was found
 */
public record Verdict(double score, boolean correct, boolean wellFormed) {
    public static final Verdict MISSING = new Verdict(0, false, false);

    /** Exact match after normalisation ({@link AnswerNormalizer}); no answer is MISSING. */
    public static Verdict exactMatch(String finalAnswer, String groundTruth) {
        if (finalAnswer == null || finalAnswer.isBlank()) {
            return MISSING;
        }
        return of(AnswerNormalizer.matches(finalAnswer, groundTruth));
    }

    public static Verdict of(boolean correct) {
        return new Verdict(correct ? 1 : 0, correct, true);
    }
}
