package dev.rwb.engine.env.reward;

import java.util.Map;

/**
 * The reward of one response.
 *
 * @param total the weighted sum of the components
 * @param components each weighted term by name (correctness, format, length_penalty, overlong); they sum to total
 */
public record ScoredResponse(double total, Map<String, Double> components) {
}
