package dev.rwb.engine.simulate;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.TokenArrays;

/**
 * An episode after tokenising and scoring: token identity, roles, turns, logprobs, reference
 * logprobs and entropies (loss weights, advantages and contributions still unset), the importance
 * ratios the simulated trainer saw, and what survived the token budget.
 */
record ScoredEpisode(TokenArrays tokens, float[] ratios, FinishReason finishReason, String finalAnswer,
                     int toolCalls) {
}
