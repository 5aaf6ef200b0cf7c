package dev.rwb.engine.env.rollout;

/**
 * Where a batch of rollouts belongs.
 *
 * @param run run name stored in each trajectory
 * @param step optimizer step stored in each trajectory
 * @param policyVersion version of the policy sampling now (a trainer's step {@code s} samples with the
 *                      weights after {@code s − 1} optimizer steps); recorded per segment of each
 *                      trajectory, so a partial rollout continued later shows which version wrote what
 */
public record RolloutContext(String run, int step, int policyVersion) {
    /** A context whose policy version is its step (evaluation, demonstrations). */
    public RolloutContext(String run, int step) {
        this(run, step, step);
    }
}
