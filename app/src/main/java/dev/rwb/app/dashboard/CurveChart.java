package dev.rwb.app.dashboard;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A ChartFX line chart of curves over training steps, with one named data set per curve. Data sets
 * are only modified on the FX thread (callers hand over batches there).
 */
public final class CurveChart extends VBox {
    private final XYChart chart;
    private final DefaultNumericAxis yAxis;
    private final Map<String, DoubleDataSet> curves = new LinkedHashMap<>();

    public CurveChart(String title, String yLabel) {
        DefaultNumericAxis xAxis = new DefaultNumericAxis("step");
        yAxis = new DefaultNumericAxis(yLabel);
        xAxis.setForceZeroInRange(false);
        yAxis.setForceZeroInRange(false);
        // No unit brackets ("step []"); a little head-room so a curve's extreme is not drawn on the frame.
        xAxis.setUnit(null);
        yAxis.setUnit(null);
        yAxis.setAutoRangePadding(0.05);
        chart = new XYChart(xAxis, yAxis);
        chart.setTitle(title);
        chart.setLegendVisible(true);
        if (chart.getRenderers().get(0) instanceof ErrorDataSetRenderer r) {
            r.setDrawMarker(false);
        }
        VBox.setVgrow(chart, Priority.ALWAYS);
        getChildren().add(chart);
        getStyleClass().add("curve-chart");
    }

    /** Replaces the points of the curve {@code name} (created on first use, in call order). */
    public void setCurve(String name, double[] xs, double[] ys) {
        DoubleDataSet ds = curves.computeIfAbsent(name, n -> {
            DoubleDataSet created = new DoubleDataSet(n);
            chart.getDatasets().add(created);
            return created;
        });
        ds.set(xs, ys);
    }

    /** The data set of a curve, or null (tests read the points the chart draws). */
    public DoubleDataSet curve(String name) {
        return curves.get(name);
    }

    /** Removes every curve. */
    public void clear() {
        chart.getDatasets().clear();
        curves.clear();
    }

    public void setTitle(String title) {
        chart.setTitle(title);
    }

    public void setYLabel(String label) {
        yAxis.setName(label);
    }
}
