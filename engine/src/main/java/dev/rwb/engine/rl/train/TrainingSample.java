package dev.rwb.engine.rl.train;

import dev.rwb.engine.trajectory.TokenArrays;

/**
 * One episode ready for the update: its per-token arrays (log π_old, log π_ref, entropy and
 * advantage filled in) and loss weights from the mask policy.
 */
public record TrainingSample(TokenArrays tokens, float[] weights, double advantage) {
}
