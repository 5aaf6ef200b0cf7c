package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;

/** Builds a scalar loss from differentiable per-token scores (supervised NLL, policy-gradient losses). */
@FunctionalInterface
public interface TokenLoss {
    NDArray loss(TokenScores scores, TrainingBatch batch);
}
