package dev.rwb.engine.eval;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Test-time search: of the N samples of a problem, pick one answer. {@link Selection#MAJORITY}
 * votes, {@link Selection#MAX_LOGPROB} takes the sample the policy found most likely (highest
 * Σ logprob of its sampled tokens), {@link Selection#VERIFIER} takes a sample the task's verifier
 * accepts when there is one (an oracle: its accuracy is pass@N, the ceiling of the other two).
 */
public final class BestOfN {
    /** How the answer is chosen. */
    public enum Selection {
        MAJORITY, MAX_LOGPROB, VERIFIER;

        /** Parses "majority", "max-logprob", "verifier". */
        public static Selection parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown selection '" + s
                        + "' (expected majority, max-logprob or verifier)");
            }
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private BestOfN() {
    }

    /** Whether the answer selected from one problem's samples is correct. */
    public static boolean selectedCorrect(List<Trajectory> samples, Selection selection) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("best-of-N needs at least one sample");
        }
        return switch (selection) {
            case MAJORITY -> MajorityVote.majorityCorrect(problem(samples), MajorityVote.range(samples.size()));
            case VERIFIER -> samples.stream().anyMatch(Trajectory::correct);
            case MAX_LOGPROB -> mostLikely(samples).correct();
        };
    }

    /** The sample with the highest Σ logprob over its model-written tokens (ties: the first). */
    static Trajectory mostLikely(List<Trajectory> samples) {
        Trajectory best = samples.get(0);
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Trajectory t : samples) {
            double s = sequenceLogprob(t.tokens());
            if (s > bestScore) {
                best = t;
                bestScore = s;
            }
        }
        return best;
    }

    /** Σ log π(token) over the sampled tokens: the log-probability of the whole response. */
    static double sequenceLogprob(TokenArrays a) {
        double s = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.roles()[i].isModelWritten() && Float.isFinite(a.logprobs()[i])) {
                s += a.logprobs()[i];
            }
        }
        return s;
    }

    /** The samples as answers and verdicts. */
    public static ProblemSamples problem(List<Trajectory> samples) {
        List<String> answers = new ArrayList<>();
        List<Boolean> correct = new ArrayList<>();
        for (Trajectory t : samples) {
            answers.add(t.finalAnswer());
            correct.add(t.correct());
        }
        return new ProblemSamples(samples.get(0).promptId(), answers, correct);
    }
}
