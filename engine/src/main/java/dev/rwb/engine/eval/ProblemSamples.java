package dev.rwb.engine.eval;

import java.util.List;
import java.util.Objects;

/**
 * The n samples of one problem: each sample's final answer (null when it gave none) and whether the
 * verifier judged it correct.
 *
 * @param problemId the prompt id
 * @param answers the final answers, one per sample
 * @param correct whether each sample was correct
 */
public record ProblemSamples(String problemId, List<String> answers, List<Boolean> correct) {
    public ProblemSamples {
        Objects.requireNonNull(problemId, "problemId");
        answers = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(answers));
        correct = List.copyOf(correct);
        if (answers.size() != correct.size() || answers.isEmpty()) {
            throw new IllegalArgumentException("problem " + problemId + ": " + answers.size() + " answers but "
                    + correct.size() + " verdicts (need the same number, at least one)");
        }
    }

    /** Number of samples n. */
    public int n() {
        return correct.size();
    }

    /** Number of correct samples c. */
    public int c() {
        return (int) correct.stream().filter(b -> b).count();
    }
}
