package dev.rwb.engine.env;

import java.util.List;
import java.util.Random;

/**
 * Writes the model side of a demonstration episode: a list of segments, each ending with a
 * tool call's closing tag or with {@code </answer>}. The environment runs the real tools between
 * segments, so the demonstration interleaves true observations.
 */
public interface Oracle {
    /**
     * @param instance the problem
     * @param noise probability that this demonstration contains one deliberate mistake
     * @param rng source of randomness (seeded by the caller for reproducibility)
     */
    default List<String> demonstrate(TaskInstance instance, double noise, Random rng) {
        return demonstrate(instance, noise, Mistakes.MIXED, rng);
    }

    /**
     * @param instance the problem
     * @param noise probability that this demonstration contains one deliberate mistake
     * @param mistakes which mistakes a noisy demonstration makes
     * @param rng source of randomness (seeded by the caller for reproducibility)
     */
    List<String> demonstrate(TaskInstance instance, double noise, Mistakes mistakes, Random rng);
}
