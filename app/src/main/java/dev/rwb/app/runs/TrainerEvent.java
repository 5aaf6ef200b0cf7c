package dev.rwb.app.runs;

import java.util.Map;

/**
 * One line of the trainer's JSON-lines progress on stdout, reduced to what the GUI uses.
 *
 * @param type run (the run exists: its id, before the slow warm start), start, step, end, or other (an event the GUI does not know; logged, not an error)
 * @param runId the run's DB id, or -1 when the line did not say
 * @param run the run name, or null
 * @param step the step just finished, numbered 1..steps as {@code rwb train} does (step events); the
 *             first step to train (start events); else -1
 * @param steps the total number of steps, or -1 when unknown
 * @param etaSeconds estimated seconds left, or NaN
 * @param metrics the step's metrics (empty for other events)
 * @param outcome end events: finished, failed or stopped
 * @param message end events: the trainer's explanation, or null
 */
public record TrainerEvent(Type type, long runId, String run, int step, int steps, double etaSeconds,
                           Map<String, Double> metrics, String outcome, String message) {

    /** The kinds of event the GUI reacts to. */
    public enum Type { RUN, START, STEP, END, OTHER }
}
