package dev.rwb.app.inspector;

import dev.rwb.engine.drivers.StepBreakdown;
import javafx.geometry.Insets;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import java.util.Locale;

/**
 * Beside the table after a click on a curve: the histogram of what drives the metric at that step
 * (per token, or per trajectory for length and reward). Clicking a bar keeps only its trajectories.
 */
final class StepHistogram extends BorderPane {
    private final InspectorViewModel model;
    private final BarChart<String, Number> chart;
    private final Label title = new Label();

    StepHistogram(InspectorViewModel model) {
        this.model = model;
        setId("step-histogram");
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        chart = new BarChart<>(x, y);
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        chart.setCategoryGap(1);
        chart.setBarGap(0);
        chart.setPrefWidth(380);
        chart.setMinWidth(260);
        title.setWrapText(true);
        title.getStyleClass().add("pane-title");
        Button close = new Button("×");
        close.setId("step-histogram-close");
        close.setOnAction(e -> model.closeBreakdown());
        HBox head = new HBox(6, title, close);
        head.setPadding(new Insets(2, 4, 0, 4));
        setTop(head);
        setCenter(chart);
        model.breakdownProperty().addListener((obs, o, b) -> show(b));
        show(model.breakdownProperty().get());
    }

    private void show(StepBreakdown b) {
        setVisible(b != null);
        setManaged(b != null);
        chart.getData().clear();
        if (b == null) {
            return;
        }
        title.setText((b.driver().perToken() ? "tokens" : "trajectories") + " by " + b.driver().label() + ", step "
                + b.step() + " (click a bar)");
        chart.getYAxis().setLabel(b.driver().perToken() ? "tokens" : "trajectories");
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (StepBreakdown.Bar bar : b.bars()) {
            String label = number(bar.from());
            while (!used.add(label)) {
                label += "\u200b"; // bars of a narrow range may print alike; categories must differ
            }
            series.getData().add(new XYChart.Data<>(label, bar.count()));
        }
        chart.getData().add(series);
        // the chart makes one node per bar as the series is added: make each clickable
        for (int i = 0; i < b.bars().size(); i++) {
            StepBreakdown.Bar bar = b.bars().get(i);
            javafx.scene.Node node = series.getData().get(i).getNode();
            if (node == null) {
                continue;
            }
            node.getStyleClass().add("step-bar");
            Tooltip.install(node, new Tooltip(String.format(Locale.ROOT, "[%s, %s): %d %s in %d trajectories",
                    number(bar.from()), number(bar.to()), bar.count(), b.driver().perToken() ? "tokens"
                            : "trajectories", bar.trajectories().size())));
            node.setOnMouseClicked(e -> model.filterToBar(bar, () -> { }));
        }
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    BarChart<String, Number> chart() {
        return chart;
    }
}
