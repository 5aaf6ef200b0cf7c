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
            status.set("Run " + runId + ": metrics of " + growing.stepCount() + " steps (last step "
                    + growing.lastStep() + ") · refreshed live every " + POLL_MILLIS + " ms");
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
