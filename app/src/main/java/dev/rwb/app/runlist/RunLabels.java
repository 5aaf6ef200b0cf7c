package dev.rwb.app.runlist;

import dev.rwb.engine.store.RunSummary;

import java.util.Locale;

/**
 * How a run reads in every run list of the workbench (dashboard, inspector, Compare, Uncertainty):
 * its name and id, its model, and its state, with a run that was stopped before its first step
 * marked as empty rather than shown like a run with results.
 */
public final class RunLabels {
    /** What an empty stopped run says instead of its counts. */
    public static final String EMPTY = "empty (stopped before step 1)";

    private RunLabels() {
    }

    /** A run that was stopped before it recorded any step or trajectory (the workbench marks a stopped run "stopped"). */
    public static boolean isEmptyStopped(RunSummary r) {
        return r.trajectories() == 0 && r.metricSteps() == 0 && "stopped".equals(r.run().status());
    }

    /** "name  (#7, finished)", or "name  (#7, empty (stopped before step 1))". */
    public static String nameIdState(RunSummary r) {
        return r.run().name() + "  (#" + r.run().id() + ", " + state(r) + ")";
    }

    /** The run's status, or {@link #EMPTY} for an empty stopped run. */
    public static String state(RunSummary r) {
        return isEmptyStopped(r) ? EMPTY : r.run().status().toLowerCase(Locale.ROOT);
    }
}
