package dev.rwb.app.runs;

import java.util.Map;

/**
 * One line of the trainer's JSON-lines progress on stdout, reduced to what the GUI uses.
 *
 * @param type run (the run exists: its id, before the slow warm start), warm start (progress of the
 *             supervised warm start), start, step, end, or other (an event the GUI does not know;
 *             logged, not an error)
 * @param runId the run's DB id, or -1 when the line did not say
 * @param run the run name, or null
 * @param step the step just finished, numbered 1..steps as {@code rwb train} does (step events; for
 *             warm-start events the warm-start step within its phase); the first step to train
 *             (start events); else -1
 * @param steps the total number of steps (of the phase, for warm-start events), or -1 when unknown
 * @param etaSeconds estimated seconds left (of the warm start, for warm-start events), or NaN
 * @param metrics the step's metrics (empty for other events)
 * @param outcome end events: finished, failed or stopped
 * @param message end events: the trainer's explanation, or null
 * @param warmStart warm-start events: which phase and its loss; null for every other event
 */
public record TrainerEvent(Type type, long runId, String run, int step, int steps, double etaSeconds,
                           Map<String, Double> metrics, String outcome, String message, WarmStart warmStart) {

    /** The kinds of event the GUI reacts to. */
    public enum Type { RUN, WARM_START, START, STEP, END, OTHER }

    /**
     * Where a warm-start event stands: {@code {"event":"warm_start","phase":1,"phases":2,"loss":1.234,…}}.
     *
     * @param phase the warm-start phase running, 1-based (a config may chain several, like {@code rwb sft --from})
     * @param phases how many phases the warm start has
     * @param loss the supervised loss at this step, or NaN when the line did not say
     */
    public record WarmStart(int phase, int phases, double loss) {
    }
}
