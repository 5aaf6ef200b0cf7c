package dev.rwb.app.compare;

import dev.rwb.app.dashboard.CurveChart;
import dev.rwb.app.runlist.RunLabels;
import dev.rwb.app.runlist.RunListRefresh;
import dev.rwb.app.runs.RunsWorkspace;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.engine.store.RunSummary;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.CheckListView;

import java.nio.file.Path;
import java.util.List;

/**
 * Compare runs: tick two or more runs to overlay a metric's curves and see a table of only the
 * configuration fields that differ; the A/B panel clones the first ticked run's configuration with
 * one field changed and launches both. The queries live in {@link CompareViewModel}. Mount it as a
 * tab: {@code new Tab("Compare", new CompareView(new CompareViewModel(store, tasks),
 * TrainerCommandLine.ofThisJvm(), configFolder))}.
 */
public final class CompareView extends BorderPane {
    private final CompareViewModel model;
    private final CheckListView<RunSummary> runs = new CheckListView<>();
    private final ComboBox<String> metric = new ComboBox<>();
    private final CurveChart chart = new CurveChart("Runs overlaid", "value");
    private final TableView<ConfigDiff.Row> diff = new TableView<>();
    private final Label status = new Label();
    private final AbPanel ab;
    private final TrajectoryDiffView tokenDiff;
    private final EvalCurveView evalCurve;
    private final javafx.scene.control.TabPane tabs;

    public CompareView(CompareViewModel model, TrainerCommandLine trainer, Path configFolder) {
        this.model = model;
        getStylesheets().add(RunsWorkspace.stylesheet());
        this.ab = new AbPanel(trainer, model.dbFile(), configFolder, model::firstTickedConfig, this::refreshRuns);
        runs.setId("compare-runs");
        runs.setItems(model.runs());
        runs.setCellFactory(lv -> new javafx.scene.control.cell.CheckBoxListCell<>(runs::getItemBooleanProperty,
                new javafx.util.StringConverter<RunSummary>() {
                    public String toString(RunSummary r) {
                        String model = r == null ? "" : RunLabels.model(r);
                        return r == null ? "" : r.run().name() + "  (#" + r.run().id() + ")" + (model.isEmpty() ? "" : " · " + model);
                    }

                    public RunSummary fromString(String s) {
                        return null;
                    }
                }));
        metric.setId("compare-metric");
        metric.setItems(model.metrics());
        diff.setId("compare-diff");
        diff.getStyleClass().add("diff-table");
        diff.setPlaceholder(new Label("No differing fields (tick at least two runs)."));
        Button refresh = new Button("Refresh runs");
        refresh.setOnAction(e -> refreshRuns());
        VBox left = new VBox(6, new Label("Runs"), runs, refresh, ab);
        VBox.setVgrow(runs, Priority.ALWAYS);
        left.setPadding(new Insets(6));
        left.setPrefWidth(330);
        HBox bar = new HBox(8, new Label("Metric"), metric);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        Label diffTitle = new Label("Configuration fields that differ");
        diffTitle.getStyleClass().add("pane-title");
        VBox diffBox = new VBox(4, diffTitle, diff);
        VBox.setVgrow(diff, Priority.ALWAYS);
        VBox chartBox = new VBox(bar, chart);
        SplitPane centre = new SplitPane(chartBox, diffBox);
        VBox.setVgrow(chart, Priority.ALWAYS);
        centre.setOrientation(javafx.geometry.Orientation.VERTICAL);
        centre.setDividerPositions(0.6);
        // inside a tab the split pane is first laid out before it has its height, which drops the 0.6
        // divider: the chart keeps a readable height, and the divider is set again once the pane is sized
        chartBox.setMinHeight(260);
        centre.heightProperty().addListener((obs, old, h) -> {
            if (old.doubleValue() == 0 && h.doubleValue() > 0) {
                centre.setDividerPositions(0.6);
            }
        });
        tokenDiff = new TrajectoryDiffView(model.tokenDiff());
        javafx.scene.control.Tab curvesTab = new javafx.scene.control.Tab("Curves and configuration", centre);
        javafx.scene.control.Tab diffTab = new javafx.scene.control.Tab("Token diff (same prompt)", tokenDiff);
        diffTab.setId("tab-token-diff");
        evalCurve = new EvalCurveView(model.evalCurve(), model.tokenDiff().runs());
        javafx.scene.control.Tab evalTab = new javafx.scene.control.Tab("Eval curve (pass@k)", evalCurve);
        evalTab.setId("tab-eval-curve");
        tabs = new javafx.scene.control.TabPane(curvesTab, diffTab, evalTab);
        tabs.setTabClosingPolicy(javafx.scene.control.TabPane.TabClosingPolicy.UNAVAILABLE);
        setLeft(left);
        setCenter(tabs);
        status.getStyleClass().add("status-bar");
        status.textProperty().bind(model.statusProperty());
        setBottom(status);
        model.diffProperty().addListener((obs, o, d) -> showDiff(d));
        model.curvesProperty().addListener((obs, o, c) -> redraw(c));
        metric.valueProperty().bindBidirectional(model.metricProperty());
        runs.getCheckModel().getCheckedItems().addListener((ListChangeListener<RunSummary>) c ->
                model.select(List.copyOf(runs.getCheckModel().getCheckedItems())));
        refreshRuns();
        RunListRefresh.whileShowing(this, this::refreshRuns);
    }

    /** Reloads the run list, keeping the ticked runs ticked. */
    public void refreshRuns() {
        List<Long> ticked = runs.getCheckModel().getCheckedItems().stream().map(r -> r.run().id()).toList();
        model.refreshRuns(replaced -> {
            if (replaced) {
                check(ticked);
            }
        });
        if (tokenDiff != null) {
            model.tokenDiff().refreshRuns(() -> { });
        }
    }

    /** Ticks the runs with these ids (for tests and for "compare with…" actions). */
    public void check(List<Long> ids) {
        runs.getItems().stream().filter(r -> ids.contains(r.run().id())).forEach(runs.getCheckModel()::check);
    }

    private void showDiff(CompareViewModel.Diff d) {
        diff.getColumns().clear();
        TableColumn<ConfigDiff.Row, String> field = new TableColumn<>("field");
        field.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().path()));
        field.setPrefWidth(300);
        diff.getColumns().add(field);
        for (int i = 0; i < d.runs().size(); i++) {
            int col = i;
            TableColumn<ConfigDiff.Row, String> c = new TableColumn<>(d.runs().get(i));
            c.setCellValueFactory(v -> new ReadOnlyStringWrapper(v.getValue().values().get(col)));
            c.setPrefWidth(200);
            diff.getColumns().add(c);
        }
        diff.getItems().setAll(d.rows());
    }

    private void redraw(List<CompareViewModel.Curve> curves) {
        chart.clear();
        String name = model.metricProperty().get();
        if (name == null) {
            return;
        }
        chart.setTitle(name + " (EMA " + CompareViewModel.SMOOTHING + ")");
        curves.forEach(c -> chart.setCurve(c.run(), c.steps(), c.values()));
    }

    /** The token diff of two trajectories of one prompt ("same prompts in run A vs run B"). */
    public TrajectoryDiffView tokenDiff() {
        return tokenDiff;
    }

    /** Shows the token diff of run A against run B, paired by prompt id. */
    public void openTokenDiff(String runA, String runB) {
        tabs.getSelectionModel().select(1);
        tokenDiff.choose(runA, runB);
    }

    /** Shows a run's eval curve (pass@k, pass^k, maj@k, mean@k per step). */
    public EvalCurveView evalCurve() {
        return evalCurve;
    }

    public CurveChart chart() {
        return chart;
    }

    public TableView<ConfigDiff.Row> diffTable() {
        return diff;
    }

    public AbPanel abPanel() {
        return ab;
    }
}
