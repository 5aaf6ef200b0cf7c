package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;

/**
 * Per-token results of a teacher-forced pass, aligned with the token positions of the input (B,T):
 * {@code logprobs[b][t] = log π(ids[b][t] | ids[b][<t])} and {@code entropies[b][t]} is the entropy
 * of the distribution that predicted token t. Column 0 (no prefix) and masked positions are 0.
 * The arrays belong to the manager of the ids and carry gradients when computed in a collector.
 *
 * @param logprobs (B,T) log-probabilities
 * @param entropies (B,T) entropies, or null when not requested
 */
public record TokenScores(NDArray logprobs, NDArray entropies) {
}
