package dev.rwb.engine.rl.train;

import java.util.Map;

/** Receives a run's progress (the CLI prints it as JSON lines; tests collect it). */
public interface TrainingListener {
    /**
     * The run is in the DB (just created, or reopened to resume): called before anything slow
     * (warm start, step-0 evaluation), so a caller learns the run id at once; everything that can
     * refuse the config has been checked by then.
     */
    default void opened(long runId, String runName, boolean resumed) {
    }

    /**
     * One warm-start step is done (the run's first phase, before RL).
     *
     * @param phase 1-based warm-start phase, of {@code phases}
     * @param step 1-based step within the phase, of {@code steps}
     * @param etaSeconds seconds until the whole warm start (all phases) is done, at this process's mean step time
     */
    default void warmStart(long runId, int phase, int phases, int step, int steps, double loss, double etaSeconds) {
    }

    /** The run exists in the DB and is about to train. */
    default void started(long runId, String runName, int firstStep, int totalSteps) {
    }

    /** One step is committed (metrics include eval results when it evaluated). */
    default void step(long runId, int step, int totalSteps, Map<String, Double> metrics, double etaSeconds) {
    }

    /** A human-readable line (warm start progress, checkpoint notes). */
    default void message(String text) {
    }
}
