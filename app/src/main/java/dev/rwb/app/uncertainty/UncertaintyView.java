package dev.rwb.app.uncertainty;

import dev.rwb.app.dashboard.CurveChart;
import dev.rwb.app.runs.RunsWorkspace;
import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "Search when uncertain?": per run, the mean entropy of the model's tokens in the k positions
 * before a tool call versus everywhere else, over training steps. Loads at most
 * {@value #PER_STEP} trajectories per step in the background. Mount it as a tab: {@code new
 * Tab("Uncertainty", new UncertaintyView(store, tasks))}.
 */
public final class UncertaintyView extends BorderPane {
    static final int PER_STEP = 24;
    static final int PAGE = 500;
    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final ComboBox<RunSummary> runs = new ComboBox<>();
    private final Spinner<Integer> k = new Spinner<>(1, 64, 4);
    private final CurveChart chart = new CurveChart("Mean entropy of model tokens", "entropy (nats)");
    private final Label summary = new Label("Choose a run.");
    private UncertaintyByStep result;

    public UncertaintyView(WorkbenchStore store, BackgroundTasks tasks) {
        this.store = store;
        this.tasks = tasks;
        getStylesheets().add(RunsWorkspace.stylesheet());
        runs.setId("uncertainty-run");
        runs.setPrefWidth(380);
        runs.setConverter(new javafx.util.StringConverter<>() {
            public String toString(RunSummary r) {
                return r == null ? "" : r.run().name() + "  (#" + r.run().id() + ", " + r.trajectories() + " trajectories)";
            }

            public RunSummary fromString(String s) {
                return null;
            }
        });
        k.setId("uncertainty-k");
        k.setPrefWidth(80);
        Button refresh = new Button("Refresh runs");
        refresh.setOnAction(e -> refreshRuns());
        HBox bar = new HBox(8, new Label("Run"), runs, refresh, new Label("k positions before a tool call"), k);
        bar.setAlignment(Pos.CENTER_LEFT);
        summary.setId("uncertainty-summary");
        summary.setWrapText(true);
        Label hint = new Label("Does the model's next-token entropy rise just before it calls a tool? "
                + "\"before\" = the k model-written tokens preceding each tool-call start; \"elsewhere\" = all other "
                + "model-written tokens. Up to " + PER_STEP + " trajectories per step.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        VBox top = new VBox(4, bar, hint, summary);
        top.setPadding(new Insets(6));
        setTop(top);
        setCenter(chart);
        runs.valueProperty().addListener((obs, o, r) -> load());
        k.valueProperty().addListener((obs, o, v) -> load());
        refreshRuns();
    }

    public void refreshRuns() {
        tasks.run(store::listRuns, list -> runs.getItems().setAll(list.stream().filter(r -> r.trajectories() > 0).toList()),
                e -> summary.setText("Cannot list runs: " + e.getMessage()));
    }

    /** Selects a run by id and computes its curves. */
    public void show(long runId) {
        runs.getItems().stream().filter(r -> r.run().id() == runId).findFirst().ifPresent(runs::setValue);
    }

    private void load() {
        RunSummary run = runs.getValue();
        if (run == null) {
            return;
        }
        int window = k.getValue();
        summary.setText("Loading trajectories of " + run.run().name() + "…");
        tasks.run(() -> compute(run.run().name(), window), u -> {
            result = u;
            draw(run.run().name());
        }, e -> summary.setText("Cannot load: " + e.getMessage()));
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
            Trajectory t = store.load(id);
            u.add(t);
        }
        return u;
    }

    private void draw(String run) {
        List<Double> xs = new ArrayList<>();
        List<Double> before = new ArrayList<>();
        List<Double> elsewhere = new ArrayList<>();
        result.steps().forEach((step, split) -> {
            if (Double.isFinite(split.meanBefore()) && Double.isFinite(split.meanElsewhere())) {
                xs.add((double) step);
                before.add(split.meanBefore());
                elsewhere.add(split.meanElsewhere());
            }
        });
        double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
        chart.clear();
        chart.setCurve(result.k() + " tokens before a tool call", x, before.stream().mapToDouble(Double::doubleValue).toArray());
        chart.setCurve("elsewhere", x, elsewhere.stream().mapToDouble(Double::doubleValue).toArray());
        EntropySplit t = result.total();
        summary.setText(String.format(Locale.ROOT, "%s: before tool calls %.3f nats (%d tokens) vs elsewhere %.3f nats "
                        + "(%d tokens) over %d steps%s", run, t.meanBefore(), t.beforeCount(), t.meanElsewhere(),
                t.elsewhereCount(), result.steps().size(), t.beforeCount() == 0 ? " — this run made no tool calls" : ""));
    }

    public CurveChart chart() {
        return chart;
    }

    /** The last computed result, or null. */
    public UncertaintyByStep result() {
        return result;
    }
}
