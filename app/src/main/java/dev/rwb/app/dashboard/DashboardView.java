package dev.rwb.app.dashboard;

import dev.rwb.app.runlist.RunLabels;
import dev.rwb.app.runlist.RunListRefresh;
import dev.rwb.engine.store.RunSummary;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import atlantafx.base.theme.Styles;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.List;

/**
 * Live training curves of one run, in two views: the metric grid (reward, accuracy, response length,
 * KL, entropy, clip fraction, tokens/s, held-out accuracy and the warm start's loss as small charts,
 * like W&B's run page; the default) and the zoom on one metric (raw and EMA-smoothed, with the
 * held-out evaluation curve and the throughput below it). Clicking a grid panel zooms to its metric.
 * Both are refreshed every
 * {@value DashboardViewModel#POLL_MILLIS} ms from the DB while the trainer writes (the polling
 * and the history live in {@link DashboardViewModel}). Mount it as a tab: {@code new
 * Tab("Dashboard", new DashboardView(new DashboardViewModel(store, tasks, Platform::runLater)))};
 * call {@link #close()} when the window closes.
 */
public final class DashboardView extends BorderPane implements AutoCloseable {
    static final List<String> EVAL_METRICS = List.of("eval_accuracy", "eval_pass_at_k");
    static final List<String> THROUGHPUT_METRICS = List.of("rollout_tokens_per_s", "train_tokens_per_s", "tokens_per_s");

    private final DashboardViewModel model;
    private final ComboBox<RunSummary> runs = new ComboBox<>();
    private final ComboBox<String> metric = new ComboBox<>();
    private final Slider smoothing = new Slider(0, 0.99, 0.6);
    private final CurveChart main = new CurveChart("", "value");
    private final CurveChart eval = new CurveChart("Held-out evaluation", "accuracy");
    private final CurveChart throughput = new CurveChart("Throughput", "tokens/s");
    private final MetricGrid grid = new MetricGrid(this::zoomTo);
    private final VBox zoomView;
    private final ToggleButton gridMode = new ToggleButton("All metrics");
    private final ToggleButton zoomMode = new ToggleButton("One metric");
    private final Label phase = new Label();
    private final Label status = new Label();
    private boolean choosingRun;
    private boolean autoChoosing;
    private boolean userChoseMetric;
    private final javafx.animation.Timeline runListRefresh;

    public DashboardView(DashboardViewModel model) {
        this.model = model;
        runs.setId("dashboard-run");
        metric.setId("dashboard-metric");
        smoothing.setId("dashboard-smoothing");
        runs.setConverter(RunNames.CONVERTER);
        runs.setPrefWidth(240);
        metric.setPrefWidth(200);
        smoothing.setPrefWidth(140);
        Label smoothingValue = new Label();
        smoothingValue.textProperty().bind(smoothing.valueProperty().asString("%.2f"));
        Button refresh = new Button("Refresh runs");
        refresh.setOnAction(e -> refreshRuns());
        gridMode.setId("dashboard-grid-mode");
        zoomMode.setId("dashboard-zoom-mode");
        ToggleGroup views = new ToggleGroup();
        gridMode.setToggleGroup(views);
        zoomMode.setToggleGroup(views);
        gridMode.setSelected(true);
        gridMode.getStyleClass().add(Styles.LEFT_PILL);
        zoomMode.getStyleClass().add(Styles.RIGHT_PILL);
        // one view is always chosen: a click on the chosen one keeps it
        views.selectedToggleProperty().addListener((obs, o, t) -> {
            if (t == null) {
                o.setSelected(true);
            } else {
                showView();
            }
        });
        // A flow, not a row: inside the Train screen the dashboard is narrow and the controls wrap.
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 6, group(new Label("Run"), runs, refresh),
                group(gridMode, zoomMode), group(new Label("Metric"), metric),
                group(new Label("Smoothing (EMA)"), smoothing, smoothingValue));
        bar.setPadding(new Insets(6));
        HBox lower = new HBox(8, eval, throughput);
        HBox.setHgrow(eval, Priority.ALWAYS);
        HBox.setHgrow(throughput, Priority.ALWAYS);
        eval.setPrefHeight(230);
        throughput.setPrefHeight(230);
        eval.setMinHeight(170);
        throughput.setMinHeight(170);
        main.setMinHeight(220);
        zoomView = new VBox(6, main, lower);
        VBox.setVgrow(main, Priority.ALWAYS);
        zoomView.setPadding(new Insets(0, 6, 0, 6));
        zoomView.setMinSize(0, 0);
        status.getStyleClass().add("status-bar");
        status.textProperty().bind(model.statusProperty());
        phase.setId("dashboard-phase");
        phase.getStyleClass().add("dashboard-phase");
        phase.managedProperty().bind(phase.textProperty().isNotEmpty());
        phase.visibleProperty().bind(phase.managedProperty());
        phase.setPadding(new Insets(0, 6, 4, 8));
        setTop(new VBox(bar, phase));
        setCenter(grid);
        setBottom(status);

        runs.valueProperty().addListener((obs, o, r) -> {
            if (r != null && !choosingRun) {
                show(r.run().id());
            }
        });
        metric.valueProperty().addListener((obs, o, m) -> {
            userChoseMetric |= !autoChoosing && m != null;
            // Another metric replaces the curves; the same one only gets new points.
            if (!java.util.Objects.equals(o, m)) {
                main.clear();
            }
            redraw();
        });
        smoothing.valueProperty().addListener((obs, o, v) -> redraw());
        refreshRuns();
        // A run's entry says its state ("(#3, warm_start)"); the trainer moves it on (running,
        // finished) without telling the GUI, so the list is re-read while the dashboard shows,
        // though not under the user's hand while the list is open.
        runListRefresh = RunListRefresh.whileShowing(this, () -> {
            if (!runs.isShowing()) {
                refreshRuns();
            }
        });
    }

    private static HBox group(javafx.scene.Node... nodes) {
        HBox box = new HBox(6, nodes);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** Shows (and follows, while it grows) the run with this DB id. */
    public void show(long runId) {
        userChoseMetric = false;
        grid.clear();
        main.clear();
        eval.clear();
        throughput.clear();
        model.follow(runId, this::append);
        selectInList(runId);
    }

    /** Reloads the run list (e.g. after a launch). */
    public void refreshRuns() {
        model.refreshRuns(this::showRunList);
    }

    /** Marks a run the user stopped as stopped in the DB (an empty one then reads "empty (stopped before step 1)"). */
    public void markStopped(long runId) {
        model.markStopped(runId, this::showRunList);
    }

    private void showRunList(List<RunSummary> list) {
        choosingRun = true;
        runs.getItems().setAll(list);
        choosingRun = false;
        selectInList(model.shownRunProperty().get());
    }

    private void selectInList(long runId) {
        choosingRun = true;
        runs.getItems().stream().filter(r -> r.run().id() == runId).findFirst().ifPresent(runs::setValue);
        choosingRun = false;
    }

    private void append() {
        List<String> names = model.history().names();
        if (!names.equals(metric.getItems())) {
            String chosen = metric.getValue();
            autoChoosing = true;
            metric.getItems().setAll(names);
            // Until the user picks a metric, prefer the reward curve as soon as it exists.
            boolean keep = chosen != null && names.contains(chosen) && (userChoseMetric || !names.contains("reward_mean"));
            metric.setValue(keep ? chosen : names.contains("reward_mean") ? "reward_mean" : names.get(0));
            autoChoosing = false;
        }
        redraw();
    }

    /** Zooms to one metric (a grid panel was clicked). */
    public void zoomTo(String name) {
        if (metric.getItems().contains(name)) {
            metric.setValue(name);
            userChoseMetric = true;
        }
        zoomMode.setSelected(true);
    }

    /** Back to the grid of all metrics. */
    public void showGrid() {
        gridMode.setSelected(true);
    }

    /** Whether the grid (not the one-metric zoom) is shown. */
    public boolean showsGrid() {
        return getCenter() == grid;
    }

    private void showView() {
        // the charts get their points before they enter the scene (see CurveChart#setCurve on ChartFX's locks)
        redraw();
        setCenter(gridMode.isSelected() ? grid : zoomView);
    }

    /**
     * The phase line above the charts ("warm start 300/2000 · ETA 6 min", "RL step 3/25 · …"): the
     * Train screen binds it to its launched run while that run is shown; empty hides it.
     */
    public javafx.beans.property.StringProperty phaseTextProperty() {
        return phase.textProperty();
    }

    private void redraw() {
        MetricHistory history = model.history();
        grid.update(history, smoothing.getValue());
        String name = metric.getValue();
        if (name == null || !history.has(name)) {
            return;
        }
        double[] xs = history.steps(name);
        double[] ys = history.values(name);
        main.setTitle(name);
        main.setStepLabel(MetricPanel.WARM_START_LOSS.equals(name) ? "warm-start step" : "step");
        main.setCurve(name, xs, ys);
        main.setCurve(Ema.curveOf(name), xs, Ema.smooth(ys, smoothing.getValue()));
        drawFirst(eval, "Held-out evaluation", EVAL_METRICS, "eval_");
        drawFirst(throughput, "Throughput (tokens/s)", THROUGHPUT_METRICS, "tokens_per_s");
    }

    private void drawFirst(CurveChart chart, String title, List<String> preferred, String fragment) {
        MetricHistory history = model.history();
        String fallback = history.pick(List.of(), fragment);
        List<String> shown = preferred.stream().filter(history::has).toList();
        if (shown.isEmpty() && fallback != null) {
            shown = List.of(fallback);
        }
        chart.setTitle(shown.isEmpty() ? title + " — not recorded for this run" : title);
        for (String n : shown) {
            chart.setCurve(n, history.steps(n), history.values(n));
        }
    }

    /** The longest time one batch of new metrics (append + chart update) held the UI thread since {@link #resetUiTiming}. */
    public double longestUiBatchMillis() {
        return model.longestUiBatchMillis();
    }

    public void resetUiTiming() {
        model.resetUiTiming();
    }

    /** The DB id of the run shown, -1 before one is chosen. */
    public javafx.beans.property.ReadOnlyLongProperty shownRunProperty() {
        return model.shownRunProperty();
    }

    public long selectedRunId() {
        return model.shownRunProperty().get();
    }

    /** The names of the runs in the run chooser (the DB's runs at the last refresh). */
    public java.util.Set<String> runNames() {
        return runs.getItems().stream().map(r -> r.run().name()).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Hands a click on a point of any of the dashboard's step-metric curves (the zoom's three charts
     * and every panel of the grid) to {@code handler}, named by its metric: an EMA curve by the metric
     * it smooths. Warm-start curves open nothing: their steps are warm-start steps, with no
     * trajectories behind them.
     */
    public void setOnPointClicked(java.util.function.Consumer<CurveChart.PointClick> handler) {
        java.util.function.Consumer<CurveChart.PointClick> byMetric = p -> {
            String metric = Ema.metricOf(p.curve());
            if (!MetricHistory.isWarmStart(metric)) {
                handler.accept(new CurveChart.PointClick(metric, p.step(), p.value()));
            }
        };
        for (CurveChart chart : List.of(main, eval, throughput)) {
            chart.setOnPointClicked(byMetric);
        }
        grid.setOnPointClicked(byMetric);
    }

    /** The main chart (tests read its data sets). */
    public CurveChart mainChart() {
        return main;
    }

    public CurveChart evalChart() {
        return eval;
    }

    public CurveChart throughputChart() {
        return throughput;
    }

    /** The metric grid (tests read its panels). */
    public MetricGrid grid() {
        return grid;
    }

    /** Stops polling. */
    @Override
    public void close() {
        runListRefresh.stop();
        model.close();
    }

    /** Shows runs as "name (id)" in combo boxes. */
    static final class RunNames {
        static final StringConverter<RunSummary> CONVERTER = new StringConverter<>() {
            @Override
            public String toString(RunSummary r) {
                return r == null ? "" : RunLabels.nameIdState(r);
            }

            @Override
            public RunSummary fromString(String s) {
                return null;
            }
        };

        private RunNames() {
        }
    }
}
