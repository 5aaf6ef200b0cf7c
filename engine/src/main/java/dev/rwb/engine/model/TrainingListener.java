package dev.rwb.engine.model;

import java.util.Map;

/** Receives the metrics of every optimisation step (loss, learning rate, gradient norm, …). */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = (step, metrics) -> { };

    /** @param step 0-based step index; @param metrics name → value, insertion-ordered */
    void onStep(int step, Map<String, Double> metrics);
}
