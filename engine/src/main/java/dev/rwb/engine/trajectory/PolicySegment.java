package dev.rwb.engine.trajectory;

/**
 * A stretch of a trajectory written by one policy version (partial rollouts continue an episode
 * across iterations, so one trajectory may hold tokens from several versions).
 *
 * @param startToken index of the first token of the segment
 * @param policyVersion the optimizer step of the policy that sampled it
 */
public record PolicySegment(int startToken, int policyVersion) {
}
