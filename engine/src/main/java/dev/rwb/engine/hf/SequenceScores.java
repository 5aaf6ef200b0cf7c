package dev.rwb.engine.hf;

/**
 * Teacher-forced scores of one token sequence, aligned with its tokens, in float32:
 * {@code logprob[t] = log π(x_t | x_<t)} and {@code entropy[t] = H(π(· | x_<t))}, the entropy of the
 * distribution that token t was drawn from. Index 0 has no prefix, so both are NaN there (JSON null).
 *
 * @param tokenIds the scored ids
 * @param logprob per-token log-probabilities, NaN at 0
 * @param entropy per-token entropies (nats), NaN at 0
 */
public record SequenceScores(int[] tokenIds, float[] logprob, float[] entropy) {
}
