package dev.rwb.app.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.app.dashboard.CurveChart;
import dev.rwb.app.dashboard.Ema;
import dev.rwb.app.dashboard.MetricHistory;
import dev.rwb.app.runs.RunsWorkspace;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.task.BackgroundTasks;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.WorkbenchStore;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compare runs: tick two or more runs to overlay a metric's curves and see a table of only the
 * configuration fields that differ; the A/B panel clones the first ticked run's configuration with
 * one field changed and launches both. Mount it as a tab: {@code new Tab("Compare", new
 * CompareView(store, tasks, TrainerCommandLine.ofThisJvm(), configFolder))}.
 */
public final class CompareView extends BorderPane {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final WorkbenchStore store;
    private final BackgroundTasks tasks;
    private final CheckListView<RunSummary> runs = new CheckListView<>();
    private final ComboBox<String> metric = new ComboBox<>();
    private final CurveChart chart = new CurveChart("Runs overlaid", "value");
    private final TableView<ConfigDiff.Row> diff = new TableView<>();
    private final Label status = new Label("Tick two or more runs.");
    private final Map<Long, MetricHistory> histories = new LinkedHashMap<>();
    private final AbPanel ab;

    public CompareView(WorkbenchStore store, BackgroundTasks tasks, TrainerCommandLine trainer, Path configFolder) {
        this.store = store;
        this.tasks = tasks;
        getStylesheets().add(RunsWorkspace.stylesheet());
        this.ab = new AbPanel(trainer, store.file(), configFolder, () -> selected().isEmpty() ? null : config(selected().get(0)),
                this::refreshRuns);
        runs.setId("compare-runs");
        runs.setCellFactory(lv -> new javafx.scene.control.cell.CheckBoxListCell<>(runs::getItemBooleanProperty,
                new javafx.util.StringConverter<RunSummary>() {
                    public String toString(RunSummary r) {
                        return r == null ? "" : r.run().name() + "  (#" + r.run().id() + ")";
                    }

                    public RunSummary fromString(String s) {
                        return null;
                    }
                }));
        metric.setId("compare-metric");
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
        SplitPane centre = new SplitPane(new VBox(bar, chart), diffBox);
        VBox.setVgrow(chart, Priority.ALWAYS);
        centre.setOrientation(javafx.geometry.Orientation.VERTICAL);
        centre.setDividerPositions(0.6);
        setLeft(left);
        setCenter(centre);
        status.getStyleClass().add("status-bar");
        setBottom(status);
        runs.getCheckModel().getCheckedItems().addListener((ListChangeListener<RunSummary>) c -> selectionChanged());
        metric.valueProperty().addListener((obs, o, m) -> redraw());
        refreshRuns();
    }

    /** Reloads the run list. */
    public void refreshRuns() {
        tasks.run(store::listRuns, list -> runs.getItems().setAll(list), e -> status.setText("Cannot list runs: " + e.getMessage()));
    }

    /** Ticks the runs with these ids (for tests and for "compare with…" actions). */
    public void check(List<Long> ids) {
        runs.getItems().stream().filter(r -> ids.contains(r.run().id())).forEach(runs.getCheckModel()::check);
    }

    private List<RunSummary> selected() {
        return List.copyOf(runs.getCheckModel().getCheckedItems());
    }

    private void selectionChanged() {
        List<RunSummary> chosen = selected();
        showDiff(chosen);
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
            String keep = metric.getValue();
            metric.getItems().setAll(names);
            metric.setValue(keep != null && names.contains(keep) ? keep : names.contains("reward_mean") ? "reward_mean"
                    : names.stream().findFirst().orElse(null));
            redraw();
        }, e -> status.setText("Cannot load metrics: " + e.getMessage()));
    }

    private void showDiff(List<RunSummary> chosen) {
        Map<String, JsonNode> configs = new LinkedHashMap<>();
        chosen.forEach(r -> configs.put(r.run().name(), config(r)));
        diff.getColumns().clear();
        TableColumn<ConfigDiff.Row, String> field = new TableColumn<>("field");
        field.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().path()));
        field.setPrefWidth(300);
        diff.getColumns().add(field);
        List<String> names = new ArrayList<>(configs.keySet());
        for (int i = 0; i < names.size(); i++) {
            int col = i;
            TableColumn<ConfigDiff.Row, String> c = new TableColumn<>(names.get(i));
            c.setCellValueFactory(v -> new ReadOnlyStringWrapper(v.getValue().values().get(col)));
            c.setPrefWidth(200);
            diff.getColumns().add(c);
        }
        List<ConfigDiff.Row> rows = chosen.size() < 2 ? List.of() : ConfigDiff.of(configs, Set.of("name"));
        diff.getItems().setAll(rows);
        status.setText(chosen.size() < 2 ? "Tick two or more runs." : chosen.size() + " runs · " + rows.size() + " differing fields");
    }

    private void redraw() {
        chart.clear();
        String name = metric.getValue();
        if (name == null) {
            return;
        }
        chart.setTitle(name + " (EMA 0.6)");
        for (RunSummary r : selected()) {
            MetricHistory h = histories.get(r.run().id());
            if (h != null && h.has(name)) {
                chart.setCurve(r.run().name(), h.steps(name), Ema.smooth(h.values(name), 0.6));
            }
        }
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
