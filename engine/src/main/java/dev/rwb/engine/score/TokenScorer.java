package dev.rwb.engine.score;

import dev.rwb.engine.hf.SequenceScores;

/**
 * A language model that scores token sequences by teacher forcing (e.g. {@code HfModel::score}):
 * for each position t, {@code logprob[t] = log π(x_t | x_<t)} and {@code entropy[t] = H(π(· | x_<t))},
 * NaN at t = 0.
 */
@FunctionalInterface
public interface TokenScorer {
    /** Scores one sequence of the model's token ids. */
    SequenceScores score(int[] tokenIds);
}
