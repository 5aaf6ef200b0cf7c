package dev.rwb.app.dashboard;

import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.renderer.spi.ErrorDataSetRenderer;
import io.fair_acc.dataset.locks.DefaultDataSetLock;
import io.fair_acc.dataset.spi.DoubleDataSet;
import javafx.animation.PauseTransition;
import javafx.util.Duration;
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
    /** Updates that found their data set read-locked by the chart's layout, applied on a later FX turn. */
    private final Map<String, double[][]> deferred = new LinkedHashMap<>();
    /** Pixels within which a click picks the nearest point. */
    static final double PICK_RADIUS = 14;
    private java.util.function.Consumer<PointClick> onPointClicked;

    /**
     * A click on a point of a curve.
     *
     * @param curve the curve's name (a metric, or a run on overlaid charts)
     * @param step the point's step
     * @param value the point's value
     */
    public record PointClick(String curve, int step, double value) {
    }

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
        // a filter, not a handler: the plot area consumes clicks before they bubble up to the chart
        chart.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> {
            if (onPointClicked != null && e.getButton() == javafx.scene.input.MouseButton.PRIMARY) {
                PointClick hit = pointAt(e);
                if (hit != null) {
                    onPointClicked.accept(hit);
                    e.consume();
                }
            }
        });
    }

    /**
     * Calls {@code handler} with the point nearest a primary click (within {@value #PICK_RADIUS}
     * pixels of the plot), so a curve opens the trajectories behind it; null removes it.
     */
    public void setOnPointClicked(java.util.function.Consumer<PointClick> handler) {
        this.onPointClicked = handler;
    }

    /** Whether a click on a point is handed to a handler ({@link #setOnPointClicked}). */
    public boolean opensPoints() {
        return onPointClicked != null;
    }

    /** The point drawn nearest a mouse event's position, or null when none is within the pick radius. */
    public PointClick pointAt(javafx.scene.input.MouseEvent e) {
        javafx.geometry.Point2D p = chart.getCanvas().sceneToLocal(e.getSceneX(), e.getSceneY());
        return p == null ? null : pointNear(p.getX(), p.getY());
    }

    /** The point drawn nearest a position of the plot canvas, or null when none is within the pick radius. */
    public PointClick pointNear(double canvasX, double canvasY) {
        PointClick best = null;
        double bestDistance = PICK_RADIUS;
        for (Map.Entry<String, DoubleDataSet> c : curves.entrySet()) {
            DoubleDataSet ds = c.getValue();
            for (int i = 0; i < ds.getDataCount(); i++) {
                double x = ds.get(0, i);
                double y = ds.get(1, i);
                if (!Double.isFinite(y)) {
                    continue;
                }
                double d = Math.hypot(xAxis.getDisplayPosition(x) - canvasX, yAxis.getDisplayPosition(y) - canvasY);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = new PointClick(c.getKey(), (int) Math.round(x), y);
                }
            }
        }
        return best;
    }

    /** Where a point is drawn, in screen coordinates (tests click it). */
    public javafx.geometry.Point2D screenPositionOf(double step, double value) {
        return chart.getCanvas().localToScreen(xAxis.getDisplayPosition(step), yAxis.getDisplayPosition(value));
    }

    /** Replaces the points of the curve {@code name} (created on first use, in call order). */
    public void setCurve(String name, double[] xs, double[] ys) {
        DoubleDataSet ds = curves.computeIfAbsent(name, n -> {
            DoubleDataSet created = new DoubleDataSet(n);
            chart.getDatasets().add(created);
            return created;
        });
        // ChartFX read-locks a chart's data sets from its pre-layout to its post-layout pulse hook; a
        // chart just attached to (or taken from) the scene can be caught in between, and a write then
        // blocks the FX thread for good. Such an update waits for the next turn of the FX thread.
        if (ds.lock() instanceof DefaultDataSetLock<?> lock && lock.getReaderCount() > 0) {
            boolean first = deferred.isEmpty();
            deferred.put(name, new double[][] {xs, ys});
            if (first) {
                // a later pulse, not the very next runnable: the lock is released by a pulse hook
                PauseTransition later = new PauseTransition(Duration.millis(40));
                later.setOnFinished(e -> applyDeferred());
                later.play();
            }
            return;
        }
        deferred.remove(name);
        ds.set(xs, ys);
        renderer.setDrawMarker(hasSparseCurve());
        fixFlatRanges();
    }

    /**
     * A flat curve (a constant clip fraction, a single point) gives ChartFX an axis range of width 0,
     * and its tick formatter then throws in the chart's post-layout hook, before that hook releases
     * the data sets' read locks: the next update would block the FX thread. Such an axis gets a fixed
     * range around the value instead: ±1 step, ±5% of the value (at least ±0.001).
     */
    private void fixFlatRanges() {
        double[] x = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] y = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (DoubleDataSet d : curves.values()) {
            for (int i = 0; i < d.getDataCount(); i++) {
                extend(x, d.get(0, i));
                extend(y, d.get(1, i));
            }
        }
        fix(xAxis, x, 1);
        fix(yAxis, y, Math.max(0.05 * Math.abs(y[0]), 1e-3));
    }

    private static void extend(double[] range, double v) {
        if (Double.isFinite(v)) {
            range[0] = Math.min(range[0], v);
            range[1] = Math.max(range[1], v);
        }
    }

    private static void fix(DefaultNumericAxis axis, double[] range, double pad) {
        boolean flat = range[0] <= range[1] && range[1] - range[0] <= 1e-9 * Math.max(1, Math.abs(range[1]));
        if (flat) {
            axis.setAutoRanging(false);
            axis.set(range[0] - pad, range[1] + pad);
        } else if (!axis.isAutoRanging()) {
            axis.setAutoRanging(true);
        }
    }

    private void applyDeferred() {
        Map<String, double[][]> now = new LinkedHashMap<>(deferred);
        deferred.clear();
        now.forEach((name, xy) -> {
            if (curves.containsKey(name)) {
                setCurve(name, xy[0], xy[1]);
            }
        });
    }

    /**
     * Draws an existing curve (see {@link #setCurve}) in this colour (a CSS colour, "#0072b2") and
     * width, solid or dashed, listed in the legend or not; without a call a curve takes the chart's
     * next default colour.
     */
    public void styleCurve(String name, String colour, double width, boolean dashed, boolean inLegend) {
        DoubleDataSet ds = curves.get(name);
        if (ds == null) {
            throw new IllegalArgumentException("no curve " + name + " to style");
        }
        // ChartFX's data-set CSS: -fx-line-color, -fx-line-width, -fx-line-dash-array, -fx-show-in-legend
        ds.setStyle(String.format(java.util.Locale.ROOT, "-fx-line-color: %s; -fx-marker-color: %s; -fx-line-width: %.1f;%s"
                + " -fx-show-in-legend: %b;", colour, colour, width, dashed ? " -fx-line-dash-array: 6 4;" : "", inLegend));
    }

    /** The line colour the renderer resolved for a curve, or null before it was laid out (tests). */
    public javafx.scene.paint.Paint lineColourOf(String name) {
        return node(name).map(io.fair_acc.chartfx.ui.css.DataSetNode::getLineColor).orElse(null);
    }

    /** Whether the legend lists a curve, as the renderer resolved it (tests). */
    public boolean inLegend(String name) {
        return node(name).map(io.fair_acc.chartfx.ui.css.DataSetNode::isShowInLegend).orElse(false);
    }

    private java.util.Optional<io.fair_acc.chartfx.ui.css.DataSetNode> node(String name) {
        DoubleDataSet ds = curves.get(name);
        return renderer.getDatasetNodes().stream().filter(n -> n.getDataSet() == ds).findFirst();
    }

    /** The data set of a curve, or null (tests read the points the chart draws). */
    public DoubleDataSet curve(String name) {
        return curves.get(name);
    }

    /** Removes every curve. */
    public void clear() {
        chart.getDatasets().clear();
        curves.clear();
        deferred.clear();
        xAxis.setAutoRanging(true);
        yAxis.setAutoRanging(true);
        renderer.setDrawMarker(false);
    }

    public void setTitle(String title) {
        chart.setTitle(title);
    }

    public void setYLabel(String label) {
        yAxis.setName(label);
    }

    /** Names the horizontal axis ("step" by default; a warm-start curve counts warm-start steps). */
    public void setStepLabel(String label) {
        xAxis.setName(label);
    }

    /** Shows or hides the legend (a small one-curve panel of the metric grid needs none). */
    public void setLegendVisible(boolean visible) {
        chart.setLegendVisible(visible);
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
