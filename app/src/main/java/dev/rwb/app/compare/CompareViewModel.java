package dev.rwb.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.app.dashboard.Ema;
import dev.rwb.app.dashboard.MetricHistory;
import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Compare screen's model: the runs, the ticked ones, their step metrics (loaded in the
 * background, once per run), the curves of the chosen metric and the configuration fields that
 * differ between the ticked runs.
 */
public final class CompareViewModel {
    /** The EMA weight of the overlaid curves. */
    static final double SMOOTHING = 0.6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ObservableList<RunSummary> runs = FXCollections.observableArrayList();
    private final ObservableList<String> metrics = FXCollections.observableArrayList();
    private final StringProperty metric = new SimpleStringProperty();
    private final ReadOnlyObjectWrapper<List<Curve>> curves = new ReadOnlyObjectWrapper<>(List.of());
    private final ReadOnlyObjectWrapper<Diff> diff = new ReadOnlyObjectWrapper<>(new Diff(List.of(), List.of()));
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Tick two or more runs.");
    private final Map<Long, MetricHistory> histories = new LinkedHashMap<>();
    private List<RunSummary> chosen = List.of();
    private TrajectoryDiffViewModel tokenDiff;
    private EvalCurveViewModel evalCurve;

    /** One run's curve of the chosen metric, EMA-smoothed. */
    public record Curve(String run, double[] steps, double[] values) {
    }

    /**
     * The differing configuration fields.
     *
     * @param runs the ticked runs' names, one column each
     */
    public record Diff(List<String> runs, List<ConfigDiff.Row> rows) {
    }

    public CompareViewModel(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
        metric.addListener((obs, o, m) -> redraw());
    }

    /** The model of the token diff of two trajectories of one prompt (the "Token diff" tab). */
    public TrajectoryDiffViewModel tokenDiff() {
        if (tokenDiff == null) {
            tokenDiff = new TrajectoryDiffViewModel(store, tasks);
        }
        return tokenDiff;
    }

    /** The model of a run's eval curve from its stored groups (the "Eval curve" tab). */
    public EvalCurveViewModel evalCurve() {
        if (evalCurve == null) {
            evalCurve = new EvalCurveViewModel(store, tasks);
        }
        return evalCurve;
    }

    /** Reloads the run list. */
    public void refreshRuns() {
        refreshRuns(replaced -> { });
    }

    /**
     * Reloads the run list; the list is replaced only when a run came, went, or changed its name or
     * status ({@code whenDone} gets whether it was), so a periodic refresh leaves the ticks alone.
     */
    public void refreshRuns(java.util.function.Consumer<Boolean> whenDone) {
        tasks.run(store::listRuns, list -> {
            boolean changed = !keys(list).equals(keys(runs));
            if (changed) {
                runs.setAll(list);
            }
            whenDone.accept(changed);
        }, e -> status.set("Cannot list runs: " + e.getMessage()));
    }

    private static List<String> keys(List<RunSummary> list) {
        return list.stream().map(r -> r.run().id() + "/" + r.run().name() + "/" + r.run().status()).toList();
    }

    /**
     * The ticked runs changed: shows their differing fields at once, then loads the metrics of the
     * runs not loaded yet and offers every metric any of them has (reward_mean first choice).
     */
    public void select(List<RunSummary> ticked) {
        chosen = List.copyOf(ticked);
        showDiff();
        List<Long> ids = chosen.stream().map(r -> r.run().id()).toList();
        histories.keySet().retainAll(ids);
        List<Long> missing = ids.stream().filter(id -> !histories.containsKey(id)).toList();
        tasks.run(() -> {
            Map<Long, MetricHistory> loaded = new LinkedHashMap<>();
            for (long id : missing) {
                MetricHistory h = new MetricHistory();
                h.addAll(store.stepMetrics(id));
                loaded.put(id, h);
            }
            return loaded;
        }, loaded -> {
            histories.putAll(loaded);
            Set<String> names = new TreeSet<>();
            histories.values().forEach(h -> names.addAll(h.names()));
            String keep = metric.get();
            metrics.setAll(names);
            metric.set(keep != null && names.contains(keep) ? keep : names.contains("reward_mean") ? "reward_mean"
                    : names.stream().findFirst().orElse(null));
            redraw();
        }, e -> status.set("Cannot load metrics: " + e.getMessage()));
    }

    private void showDiff() {
        Map<String, JsonNode> configs = new LinkedHashMap<>();
        chosen.forEach(r -> configs.put(r.run().name(), config(r)));
        List<ConfigDiff.Row> rows = chosen.size() < 2 ? List.of() : ConfigDiff.of(configs, Set.of("name"));
        diff.set(new Diff(new ArrayList<>(configs.keySet()), rows));
        status.set(chosen.size() < 2 ? "Tick two or more runs." : chosen.size() + " runs · " + rows.size() + " differing fields");
    }

    private void redraw() {
        List<Curve> shown = new ArrayList<>();
        String name = metric.get();
        for (RunSummary r : name == null ? List.<RunSummary>of() : chosen) {
            MetricHistory h = histories.get(r.run().id());
            if (h != null && h.has(name)) {
                shown.add(new Curve(r.run().name(), h.steps(name), Ema.smooth(h.values(name), SMOOTHING)));
            }
        }
        // A new list every time, so the view redraws (and retitles) even when both lists are empty.
        curves.set(java.util.Collections.unmodifiableList(shown));
    }

    /** The stored configuration of a run as a JSON object ({} when none or unreadable). */
    static ObjectNode config(RunSummary r) {
        try {
            JsonNode n = r.run().configJson() == null ? null : JSON.readTree(r.run().configJson());
            return n instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** The configuration of the first ticked run (the A of an A/B), or null when none is ticked. */
    ObjectNode firstTickedConfig() {
        return chosen.isEmpty() ? null : config(chosen.get(0));
    }

    /** The DB file the A/B trainer runs write to. */
    public Path dbFile() {
        return store.file();
    }

    public ObservableList<RunSummary> runs() {
        return FXCollections.unmodifiableObservableList(runs);
    }

    /** The metrics any ticked run has, sorted. */
    public ObservableList<String> metrics() {
        return FXCollections.unmodifiableObservableList(metrics);
    }

    /** The metric overlaid (null before any is loaded). */
    public StringProperty metricProperty() {
        return metric;
    }

    /** The ticked runs' curves of the chosen metric, in ticking order. */
    public ReadOnlyObjectProperty<List<Curve>> curvesProperty() {
        return curves.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Diff> diffProperty() {
        return diff.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
