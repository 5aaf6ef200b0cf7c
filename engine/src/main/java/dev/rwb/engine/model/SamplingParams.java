package dev.rwb.engine.model;

/**
 * How to pick the next token.
 *
 * @param temperature softmax temperature; 0 means greedy
 * @param topK keep only the k most likely tokens (0 = off)
 * @param topP keep the smallest set of tokens whose probability sums to p (1 = off)
 * @param seed seed of the sampling RNG; identical seeds give identical output
 */
public record SamplingParams(float temperature, int topK, float topP, long seed) {
    public static SamplingParams greedy() {
        return new SamplingParams(0f, 0, 1f, 0L);
    }

    public static SamplingParams of(float temperature, long seed) {
        return new SamplingParams(temperature, 0, 1f, seed);
    }
}
