package dev.rwb.engine.simulate;

/**
 * How the simulated policy's token statistics look at one training step: entropy shrinks as RL
 * sharpens the policy, the reference drifts away, and the ratio noise of off-policy minibatches.
 *
 * @param entropyScale multiplier on every model token's entropy (1 at step 0)
 * @param refDrift standard deviation of log π − log π_ref per token
 * @param ratioNoise standard deviation of ln ρ per token
 * @param clipOutlierRate probability that a token's ratio jumps far enough to be clipped
 */
record StepProfile(double entropyScale, double refDrift, double ratioNoise, double clipOutlierRate) {

    /** The profile at training progress {@code progress} ∈ [0, 1]. */
    static StepProfile at(double progress) {
        return new StepProfile(1.0 - 0.45 * progress, 0.01 + 0.08 * progress, 0.03 + 0.03 * progress,
                0.01 + 0.02 * progress);
    }
}
