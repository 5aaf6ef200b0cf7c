package dev.rwb.app.uncertainty;

import dev.rwb.app.dashboard.CurveChart;
import dev.rwb.app.runlist.RunListRefresh;
import dev.rwb.app.runs.RunsWorkspace;
import dev.rwb.engine.store.RunSummary;
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
import java.util.List;

/**
 * "Search when uncertain?": per run, the mean entropy of the model's tokens in the k positions
 * before a tool call versus everywhere else, over training steps. The queries live in
 * {@link UncertaintyViewModel}; this view wires the controls and draws its result. Mount it as
 * a tab: {@code new Tab("Uncertainty", new UncertaintyView(new UncertaintyViewModel(store, tasks)))}.
 */
public final class UncertaintyView extends BorderPane {
    private final UncertaintyViewModel model;
    private final ComboBox<RunSummary> runs = new ComboBox<>();
    private final Spinner<Integer> k = new Spinner<>(1, 64, 4);
    private final CurveChart chart = new CurveChart("Mean entropy of model tokens", "entropy (nats)");
    private final Label summary = new Label();

    public UncertaintyView(UncertaintyViewModel model) {
        this.model = model;
        getStylesheets().add(RunsWorkspace.stylesheet());
        runs.setId("uncertainty-run");
        runs.setPrefWidth(380);
        runs.setItems(model.runs());
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
        summary.textProperty().bind(model.summaryProperty());
        Label hint = new Label("Does the model's next-token entropy rise just before it calls a tool? "
                + "\"before\" = the k model-written tokens preceding each tool-call start; \"elsewhere\" = all other "
                + "model-written tokens. Up to " + UncertaintyViewModel.PER_STEP + " trajectories per step.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        VBox top = new VBox(4, bar, hint, summary);
        top.setPadding(new Insets(6));
        setTop(top);
        setCenter(chart);
        runs.valueProperty().addListener((obs, o, r) -> {
            // the same run again (a refreshed list) keeps its curves
            if (o == null || r == null || o.run().id() != r.run().id()) {
                load();
            }
        });
        k.valueProperty().addListener((obs, o, v) -> load());
        model.resultProperty().addListener((obs, o, u) -> draw(u));
        refreshRuns();
        RunListRefresh.whileShowing(this, this::refreshRuns);
    }

    /** Reloads the run list, keeping the chosen run. */
    public void refreshRuns() {
        Long chosen = runs.getValue() == null ? null : runs.getValue().run().id();
        model.refreshRuns(() -> {
            if (chosen != null && (runs.getValue() == null || runs.getValue().run().id() != chosen)) {
                show(chosen);
            }
        });
    }

    /** Selects a run by id and computes its curves. */
    public void show(long runId) {
        runs.getItems().stream().filter(r -> r.run().id() == runId).findFirst().ifPresent(runs::setValue);
    }

    private void load() {
        if (runs.getValue() != null) {
            model.load(runs.getValue(), k.getValue());
        }
    }

    private void draw(UncertaintyByStep result) {
        if (result == null) {
            return;
        }
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
    }

    public CurveChart chart() {
        return chart;
    }

    /** The last computed result, or null. */
    public UncertaintyByStep result() {
        return model.resultProperty().get();
    }
}
