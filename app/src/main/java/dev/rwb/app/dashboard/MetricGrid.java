package dev.rwb.app.dashboard;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.Node;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Several metrics of one run at once, as small charts in a grid (W&B's run page): the panels of
 * {@link MetricPanel#forHistory}, each with its latest value in the header. Clicking a panel (or its
 * zoom button) hands its main metric to the zoom callback. Two columns in a narrow pane, three from
 * {@value #THREE_COLUMNS_FROM} px; rows share the height down to {@value #MIN_PANEL_HEIGHT} px, below
 * that the grid scrolls.
 */
public final class MetricGrid extends ScrollPane {
    static final double THREE_COLUMNS_FROM = 840;
    static final double MIN_PANEL_HEIGHT = 170;

    private final GridPane grid = new GridPane();
    private final Consumer<String> onZoom;
    private Consumer<CurveChart.PointClick> onPointClicked;
    private final Map<MetricPanel, Panel> panels = new LinkedHashMap<>();
    private int columns;

    /** @param onZoom receives the main metric of the panel the user clicked */
    public MetricGrid(Consumer<String> onZoom) {
        this.onZoom = onZoom;
        setId("metric-grid");
        getStyleClass().add("metric-grid");
        grid.setHgap(6);
        grid.setVgap(6);
        grid.setPadding(new Insets(2, 6, 2, 6));
        setContent(grid);
        setFitToWidth(true);
        setFitToHeight(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        // Re-arranged after the layout pass that changed the width, never inside it: a ChartFX chart
        // read-locks its data sets in one layout phase and unlocks them in a later one of the same pulse.
        widthProperty().addListener((obs, o, w) -> {
            if (columnsFor(w.doubleValue()) != columns) {
                Platform.runLater(this::layoutPanels);
            }
        });
    }

    /**
     * Hands a click on a point of a panel's curve to {@code handler} (and does not zoom), on every
     * panel shown now or later but the warm start's, whose steps have no trajectories behind them.
     */
    public void setOnPointClicked(Consumer<CurveChart.PointClick> handler) {
        onPointClicked = handler;
        panels.values().forEach(Panel::wirePoints);
    }

    /** Shows the panels {@code history} has data for, raw and EMA-smoothed with {@code smoothing}. */
    public void update(MetricHistory history, double smoothing) {
        List<MetricPanel> wanted = MetricPanel.forHistory(history);
        if (!wanted.equals(new ArrayList<>(panels.keySet()))) {
            panels.keySet().retainAll(wanted);
            Map<MetricPanel, Panel> ordered = new LinkedHashMap<>();
            wanted.forEach(p -> ordered.put(p, panels.containsKey(p) ? panels.get(p) : new Panel(p)));
            panels.clear();
            panels.putAll(ordered);
            // points first, then into the scene (see CurveChart#setCurve on ChartFX's locks)
            panels.values().forEach(p -> p.draw(history, smoothing));
            layoutPanels();
            return;
        }
        panels.values().forEach(p -> p.draw(history, smoothing));
    }

    /** Removes every panel (another run is about to be shown). */
    public void clear() {
        panels.clear();
        layoutPanels();
    }

    /** The panels shown, in reading order. */
    public List<MetricPanel> shownPanels() {
        return List.copyOf(panels.keySet());
    }

    /** The chart of a panel, or null when it is not shown (tests read its curves and bounds). */
    public CurveChart chartOf(String title) {
        return panels.entrySet().stream().filter(e -> e.getKey().title().equals(title)).map(e -> e.getValue().chart)
                .findFirst().orElse(null);
    }

    /** The panel (header and chart) of a title, or null (tests click it). */
    public Region panelOf(String title) {
        return panels.entrySet().stream().filter(e -> e.getKey().title().equals(title)).map(e -> (Region) e.getValue())
                .findFirst().orElse(null);
    }

    private static int columnsFor(double width) {
        return width >= THREE_COLUMNS_FROM ? 3 : 2;
    }

    /**
     * Puts the panels in reading order on the grid. Panels that stay are moved, not removed and added
     * again: a chart taken out of the scene mid-pulse would keep its data sets locked.
     */
    private void layoutPanels() {
        columns = columnsFor(getWidth());
        grid.getChildren().retainAll(panels.values());
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        for (int c = 0; c < columns; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            cc.setMinWidth(0);
            grid.getColumnConstraints().add(cc);
        }
        int rows = (panels.size() + columns - 1) / columns;
        for (int r = 0; r < rows; r++) {
            RowConstraints rc = new RowConstraints(MIN_PANEL_HEIGHT, MIN_PANEL_HEIGHT * 1.5, Double.MAX_VALUE);
            rc.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(rc);
        }
        int i = 0;
        for (Panel p : panels.values()) {
            GridPane.setConstraints(p, i % columns, i / columns);
            if (!grid.getChildren().contains(p)) {
                grid.getChildren().add(p);
            }
            i++;
        }
    }

    /** One small chart with a header: title, latest value, zoom button. */
    private final class Panel extends VBox {
        private final MetricPanel spec;
        private final CurveChart chart = new CurveChart("", "");
        private final Label latest = new Label();

        Panel(MetricPanel spec) {
            this.spec = spec;
            getStyleClass().add("metric-panel");
            setId("panel-" + spec.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
            Label title = new Label(spec.title());
            title.getStyleClass().add("metric-panel-title");
            title.setMinWidth(0);
            latest.getStyleClass().add("metric-panel-latest");
            latest.setMinWidth(Region.USE_PREF_SIZE);
            Button zoom = new Button("⤢");
            zoom.getStyleClass().addAll("flat", "metric-panel-zoom");
            zoom.setTooltip(new Tooltip("Zoom: " + spec.title() + " alone, with smoothing and the raw curve"));
            zoom.setOnAction(e -> zoom());
            Region gap = new Region();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox header = new HBox(6, title, gap, latest, zoom);
            header.setAlignment(Pos.CENTER_LEFT);
            chart.setLegendVisible(false);
            chart.setStepLabel(spec.stepLabel());
            chart.setYLabel("");
            VBox.setVgrow(chart, Priority.ALWAYS);
            getChildren().addAll(header, chart);
            setMinSize(0, 0);
            setCursor(Cursor.HAND);
            // A plain click anywhere on the panel zooms, one on a point opens its step (the chart's
            // own filter, which runs after this one). A filter, not a handler: ChartFX's plot area
            // consumes the clicks on its canvas. The zoom button's own click is left to its action.
            addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress() && !isInside(e, zoom)
                        && !(chart.opensPoints() && chart.pointAt(e) != null)) {
                    zoom();
                }
            });
            wirePoints();
        }

        void wirePoints() {
            boolean warmStart = spec.metrics().stream().allMatch(MetricHistory::isWarmStart);
            chart.setOnPointClicked(warmStart ? null : onPointClicked);
        }

        private static boolean isInside(MouseEvent e, Node node) {
            for (Object t = e.getTarget(); t instanceof Node n; t = n.getParent()) {
                if (n == node) {
                    return true;
                }
            }
            return false;
        }

        private void zoom() {
            onZoom.accept(spec.metrics().stream().filter(m -> chart.curve(m) != null).findFirst()
                    .orElse(spec.metrics().get(0)));
        }

        void draw(MetricHistory history, double smoothing) {
            List<String> shown = spec.recorded(history);
            // a panel of one metric: raw and smoothed, no legend; of several (rollout and training
            // tokens/s): each raw, named in a legend, since three unnamed lines read as noise
            chart.setLegendVisible(shown.size() > 1);
            for (String name : shown) {
                double[] xs = history.steps(name);
                double[] ys = history.values(name);
                chart.setCurve(name, xs, ys);
                if (shown.size() == 1 && ys.length > 2 && smoothing > 0) {
                    chart.setCurve(Ema.curveOf(name), xs, Ema.smooth(ys, smoothing));
                }
            }
            latest.setText(shown.isEmpty() ? "" : latestText(history, shown.get(0)));
        }
    }

    /** "0.734 @ 12": the newest value of a metric and its step. */
    static String latestText(MetricHistory history, String name) {
        double[] xs = history.steps(name);
        double[] ys = history.values(name);
        if (ys.length == 0) {
            return "";
        }
        return CurveChart.readableLabel(round(ys[ys.length - 1])) + " @ " + CurveChart.wholeLabel(xs[xs.length - 1]);
    }

    /** Three significant digits are what a glance at a header can use. */
    private static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }
}
