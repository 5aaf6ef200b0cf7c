package dev.rwb.app.dashboard;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleDataSet;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A ChartFX line chart of curves over training steps, with one named data set per curve. Data sets
 * are only modified on the FX thread (callers hand over batches there). The step axis ticks at
 * whole steps, values read as plain numbers (0.25, 12.5k), and sparse curves get markers so a
 * single evaluation point is visible.
 */
public final class CurveChart extends VBox {
    /** Curves with at most this many points are drawn with markers as well as lines. */
    static final int SPARSE_POINTS = 30;

    private final XYChart chart;
    private final DefaultNumericAxis xAxis;
    private final DefaultNumericAxis yAxis;
    private final ErrorDataSetRenderer renderer;
    private final Map<String, DoubleDataSet> curves = new LinkedHashMap<>();

    public CurveChart(String title, String yLabel) {
        xAxis = new DefaultNumericAxis("step");
        yAxis = new DefaultNumericAxis(yLabel);
        xAxis.setForceZeroInRange(false);
        yAxis.setForceZeroInRange(false);
        // No unit brackets ("step []"); a little head-room so a curve's extreme is not drawn on the frame.
        xAxis.setUnit(null);
        yAxis.setUnit(null);
        yAxis.setAutoRangePadding(0.05);
        xAxis.setAutoRangePadding(0.02);
        // Steps are whole numbers: never a tick at 2.5; the labels never in exponent form (0E0, 1E4).
        xAxis.getAxisLabelFormatter().setTickUnitSupplier(CurveChart::wholeTickUnit);
        xAxis.setMinorTickCount(0);
        xAxis.setTickLabelFormatter(converter(CurveChart::wholeLabel));
        yAxis.setTickLabelFormatter(converter(CurveChart::readableLabel));
        yAxis.setAutoUnitScaling(false);
        chart = new XYChart(xAxis, yAxis);
        chart.setTitle(title);
        chart.setLegendVisible(true);
        renderer = chart.getRenderers().get(0) instanceof ErrorDataSetRenderer r ? r : new ErrorDataSetRenderer();
        renderer.setDrawMarker(false);
        // the chart may shrink with its pane; the canvas is redrawn at the new size, nothing is clipped
        chart.setMinSize(0, 0);
        setMinSize(0, 0);
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
        renderer.setDrawMarker(hasSparseCurve());
    }

    /** The data set of a curve, or null (tests read the points the chart draws). */
    public DoubleDataSet curve(String name) {
        return curves.get(name);
    }

    /** Removes every curve. */
    public void clear() {
        chart.getDatasets().clear();
        curves.clear();
        renderer.setDrawMarker(false);
    }

    public void setTitle(String title) {
        chart.setTitle(title);
    }

    public void setYLabel(String label) {
        yAxis.setName(label);
    }

    /** The step axis (tests read its tick marks). */
    public DefaultNumericAxis stepAxis() {
        return xAxis;
    }

    /** The value axis (tests read its tick marks). */
    public DefaultNumericAxis valueAxis() {
        return yAxis;
    }

    /** Whether markers are drawn (some curve has few points). */
    public boolean drawsMarkers() {
        return renderer.isDrawMarker();
    }

    private boolean hasSparseCurve() {
        return curves.values().stream().anyMatch(d -> d.getDataCount() > 0 && d.getDataCount() <= SPARSE_POINTS);
    }

    /** The smallest of 1, 2, 5 × 10^k that is at least {@code raw} and at least one step. */
    static double wholeTickUnit(double raw) {
        if (!(raw > 1)) {
            return 1;
        }
        double decade = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * decade >= raw - 1e-9) {
                return m * decade;
            }
        }
        return 10 * decade;
    }

    static String wholeLabel(double v) {
        return String.format(Locale.ROOT, "%,d", Math.round(v));
    }

    /** 0, 0.035, 12.5, 1,500, 12.5k, 3.2M; exponent form only below 0.001. */
    static String readableLabel(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e6) {
            return trim(String.format(Locale.ROOT, "%.2f", v / 1e6)) + "M";
        }
        if (a >= 1e4) {
            return trim(String.format(Locale.ROOT, "%.2f", v / 1e3)) + "k";
        }
        if (a < 1e-3) {
            return String.format(Locale.ROOT, "%.1e", v);
        }
        String fixed = trim(String.format(Locale.ROOT, "%.4f", v));
        return a >= 1000 ? String.format(Locale.ROOT, "%,d", Math.round(v)) : fixed;
    }

    private static String trim(String decimal) {
        return decimal.contains(".") ? decimal.replaceAll("0+$", "").replaceAll("\\.$", "") : decimal;
    }

    private static StringConverter<Number> converter(java.util.function.DoubleFunction<String> format) {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return n == null ? "" : format.apply(n.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s.replace(",", ""));
            }
        };
    }
}
