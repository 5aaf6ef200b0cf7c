package dev.rwb.engine.model;

/**
 * What one {@link GenerationSession#generate} call produced for one sequence.
 *
 * @param tokenIds the sampled tokens (the stop token included when one was hit)
 * @param logprobs log π(token) under the sampling distribution before temperature/top-k/top-p
 *                 changes (i.e. the policy's own log-prob, which the RL loss needs)
 * @param entropies entropy of the policy's next-token distribution at each sampled position
 * @param stoppedOnStopToken true when generation ended on one of the stop tokens, false when it ran out of budget
 */
public record Generation(int[] tokenIds, float[] logprobs, float[] entropies, boolean stoppedOnStopToken) {
}
