package dev.rwb.engine.env.rollout;

/**
 * Where a batch of rollouts belongs.
 *
 * @param run run name stored in each trajectory
 * @param step optimizer step stored in each trajectory (also the policy version of its tokens)
 */
public record RolloutContext(String run, int step) {
}
