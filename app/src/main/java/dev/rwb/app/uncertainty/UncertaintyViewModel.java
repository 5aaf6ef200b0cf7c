package dev.rwb.app.uncertainty;

import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Uncertainty screen's model: the runs that have trajectories and, for a chosen run and
 * window k, the mean entropy before tool calls versus elsewhere per step, computed in the
 * background from at most {@value #PER_STEP} trajectories per step.
 */
public final class UncertaintyViewModel {
    static final int PER_STEP = 24;
    static final int PAGE = 500;
    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<UncertaintyByStep> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Choose a run.");

    public UncertaintyViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
    }

    /** Reloads the runs that have at least one trajectory. */
    public void refreshRuns() {
        refreshRuns(() -> { });
    }

    /**
     * Reloads the runs with trajectories, replacing the list only when a run came or went or its
     * trajectory count changed; then {@code whenDone}.
     */
    public void refreshRuns(Runnable whenDone) {
        tasks.run(store::listRuns, list -> {
            List<RunSummary> withTrajectories = list.stream().filter(r -> r.trajectories() > 0).toList();
            if (!keys(withTrajectories).equals(keys(runs))) {
                runs.setAll(withTrajectories);
            }
            whenDone.run();
        }, e -> summary.set("Cannot list runs: " + e.getMessage()));
    }

    private static List<String> keys(List<RunSummary> list) {
        return list.stream().map(r -> r.run().id() + "/" + r.run().name() + "/" + r.trajectories()).toList();
    }

    /** Computes the curves of a run with a window of {@code window} tokens before each tool call. */
    public void load(RunSummary run, int window) {
        String name = run.run().name();
        summary.set("Loading trajectories of " + name + "…");
        tasks.run(() -> compute(name, window), u -> {
            result.set(u);
            summary.set(describe(name, u));
        }, e -> summary.set("Cannot load: " + e.getMessage()));
    }

    private UncertaintyByStep compute(String run, int window) {
        Map<Integer, Integer> perStep = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<TrajectorySummary> rows = store.query(TrajectoryQuery.builder().run(run).page(offset, PAGE).build()).rows();
            for (TrajectorySummary s : rows) {
                if (perStep.merge(s.step(), 1, Integer::sum) <= PER_STEP) {
                    ids.add(s.id());
                }
            }
            if (rows.size() < PAGE) {
                break;
            }
        }
        UncertaintyByStep u = new UncertaintyByStep(window);
        for (long id : ids) {
            u.add(store.load(id));
        }
        return u;
    }

    /** One line: the mean entropy before tool calls and elsewhere over the whole run. */
    static String describe(String run, UncertaintyByStep u) {
        EntropySplit t = u.total();
        return String.format(Locale.ROOT, "%s: before tool calls %.3f nats (%d tokens) vs elsewhere %.3f nats "
                        + "(%d tokens) over %d steps%s", run, t.meanBefore(), t.beforeCount(), t.meanElsewhere(),
                t.elsewhereCount(), u.steps().size(), t.beforeCount() == 0 ? " — this run made no tool calls" : "");
    }

    /** The runs with trajectories, in the store's order. */
    public ObservableList<RunSummary> runs() {
        return FXCollections.unmodifiableObservableList(runs);
    }

    /** The last computed result, or null. */
    public ReadOnlyObjectProperty<UncertaintyByStep> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** What is shown, being loaded, or went wrong. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
