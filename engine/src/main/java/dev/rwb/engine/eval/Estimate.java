package dev.rwb.engine.eval;

/**
 * A metric over problems with its bootstrap 95% interval.
 *
 * @param value the mean over problems
 * @param low the 2.5th percentile of the bootstrap means
 * @param high the 97.5th percentile of the bootstrap means
 */
public record Estimate(double value, double low, double high) {
}
