package dev.rwb.app.dashboard;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.app.task.UiBatcher;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The live dashboard's model: the run list, and the metric history of the run followed, which
 * grows every {@value #POLL_MILLIS} ms from the DB while the trainer writes. New metrics reach the
 * UI thread in batches ({@link UiBatcher}), so a fast trainer cannot flood it.
 */
public final class DashboardViewModel implements AutoCloseable {
    static final long POLL_MILLIS = 500;
    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final UiBatcher ui;
    private final MetricPoller poller;
    private final ReadOnlyLongWrapper shownRun = new ReadOnlyLongWrapper(-1);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Choose a run.");
    private MetricHistory history = new MetricHistory();

    /** @param uiThread runs the metric batches on the UI thread ({@code Platform::runLater}) */
    public DashboardViewModel(WorkbenchStore store, BackgroundTasks tasks, Executor uiThread) {
        this.store = store;
        this.tasks = tasks;
        this.ui = new UiBatcher(uiThread);
        this.poller = new MetricPoller(store, ui::post);
    }

    /** Reloads the run list and hands it to {@code onLoaded} on the UI thread. */
    public void refreshRuns(Consumer<List<RunSummary>> onLoaded) {
        tasks.run(store::listRuns, onLoaded, e -> status.set("Cannot list runs: " + e.getMessage()));
    }

    /**
     * Records that the user stopped this run (the trainer was killed and could not say so itself),
     * unless it had finished or failed first; then reloads the run list into {@code onLoaded}.
     */
    public void markStopped(long runId, Consumer<List<RunSummary>> onLoaded) {
        tasks.run(() -> {
            String now = store.run(runId).status();
            if (!"finished".equals(now) && !"failed".equals(now)) {
                store.setRunStatus(runId, "stopped");
            }
            return store.listRuns();
        }, onLoaded, e -> status.set("Cannot mark run " + runId + " stopped: " + e.getMessage()));
    }

    /**
     * Follows the run with this DB id from its first step: a fresh history, then
     * {@code onNewMetrics} on the UI thread after each batch added to it.
     */
    public void follow(long runId, Runnable onNewMetrics) {
        shownRun.set(runId);
        history = new MetricHistory();
        status.set("Waiting for the step metrics of run " + runId + "…");
        MetricHistory growing = history;
        poller.follow(runId, POLL_MILLIS, batch -> {
            if (history != growing) {
                return; // a batch posted before another follow() replaced this run
            }
            growing.addAll(batch);
            onNewMetrics.run();
            int warm = growing.lastWarmStartStep();
            String rl = growing.stepCount() == 0 ? "no RL step yet"
                    : "metrics of " + growing.stepCount() + " RL steps (last step " + growing.lastStep() + ")";
            status.set("Run " + runId + ": " + (warm > 0 ? "warm start to step " + warm + ", " : "") + rl
                    + " · refreshed live every " + POLL_MILLIS + " ms");
        });
    }

    /** The metrics of the run followed so far. */
    public MetricHistory history() {
        return history;
    }

    /** The DB id of the run followed, -1 before one is chosen. */
    public ReadOnlyLongProperty shownRunProperty() {
        return shownRun.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The longest time one batch of new metrics (history + chart update) held the UI thread since {@link #resetUiTiming}. */
    public double longestUiBatchMillis() {
        return ui.longestBatchMillis();
    }

    public void resetUiTiming() {
        ui.resetLongestBatch();
    }

    /** Stops polling. */
    @Override
    public void close() {
        poller.close();
    }
}
