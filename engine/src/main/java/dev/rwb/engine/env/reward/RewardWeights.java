package dev.rwb.engine.env.reward;

/**
 * Weights of the composite reward and the overlong-shaping lengths.
 *
 * @param correctness weight of the task's correctness score
 * @param format weight of the format reward (1 when well formed, else 0)
 * @param lengthPenalty weight of the Kimi k1.5 group length term (0 = off)
 * @param overlong weight of DAPO's overlong shaping (0 = off)
 * @param overlongMaxLength L_max of the overlong shaping, in response tokens
 * @param overlongCache L_cache of the overlong shaping, in response tokens
 */
public record RewardWeights(double correctness, double format, double lengthPenalty, double overlong,
                            int overlongMaxLength, int overlongCache) {
    /** Correctness only, with a small format bonus; no length shaping. */
    public static RewardWeights defaults() {
        return new RewardWeights(1.0, 0.1, 0.0, 0.0, 512, 128);
    }

    public RewardWeights withLengthPenalty(double weight) {
        return new RewardWeights(correctness, format, weight, overlong, overlongMaxLength, overlongCache);
    }

    public RewardWeights withOverlong(double weight, int maxLength, int cache) {
        return new RewardWeights(correctness, format, lengthPenalty, weight, maxLength, cache);
    }
}
