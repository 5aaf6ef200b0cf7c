package dev.rwb.app.compare;

import dev.rwb.app.dashboard.CurveChart;
import dev.rwb.engine.eval.Estimate;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;

import java.util.List;

/**
 * Compare → Eval curve: a run's pass@k, pass^k, maj@k and mean@k per step from its stored groups,
 * each with its bootstrap 95% interval drawn as two thin curves (low, high).
 */
public final class EvalCurveView extends BorderPane {
    static final String LOW = " 95% low";
    static final String HIGH = " 95% high";
    private final CurveChart chart = new CurveChart("Eval from stored groups", "fraction of problems");
    private final ComboBox<String> run = new ComboBox<>();
    private final Spinner<Integer> k = new Spinner<>(0, 64, 0);

    public EvalCurveView(EvalCurveViewModel model, javafx.collections.ObservableList<String> runs) {
        setId("eval-curve");
        run.setId("eval-run");
        run.setItems(runs);
        k.setId("eval-k");
        k.setPrefWidth(80);
        k.setEditable(true);
        Button show = new Button("Show");
        show.setId("eval-show");
        show.setOnAction(e -> model.load(run.getValue(), k.getValue() == null || k.getValue() == 0 ? null : k.getValue()));
        HBox bar = new HBox(8, new Label("Run"), run, new Label("k (0 = smallest group)"), k, show);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        Label status = new Label();
        status.setId("eval-status");
        status.setWrapText(true);
        status.setPadding(new Insets(2, 8, 2, 8));
        status.textProperty().bind(model.statusProperty());
        setTop(bar);
        setCenter(chart);
        setBottom(status);
        model.curvesProperty().addListener((obs, o, c) -> draw(c));
    }

    private void draw(EvalCurveViewModel.Curves c) {
        chart.clear();
        if (c == null || c.steps().length == 0) {
            return;
        }
        chart.setTitle(c.run() + ": unbiased pass@" + c.k() + ", pass^" + c.k() + ", maj@" + c.k() + ", mean@" + c.k()
                + " (dashed: 95% bootstrap intervals)");
        // one hue per metric (EvalCurveColours); its interval's bounds thin, dashed, lighter, not in the legend
        c.metrics().forEach((name, list) -> {
            chart.setCurve(name, c.steps(), values(list, 0));
            chart.setCurve(name + LOW, c.steps(), values(list, 1));
            chart.setCurve(name + HIGH, c.steps(), values(list, 2));
            chart.styleCurve(name, EvalCurveColours.of(name), 2.0, false, true);
            chart.styleCurve(name + LOW, EvalCurveColours.interval(name), 1.0, true, false);
            chart.styleCurve(name + HIGH, EvalCurveColours.interval(name), 1.0, true, false);
        });
    }

    private static double[] values(List<Estimate> list, int which) {
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            Estimate e = list.get(i);
            out[i] = which == 0 ? e.value() : which == 1 ? e.low() : e.high();
        }
        return out;
    }

    public CurveChart chart() {
        return chart;
    }
}
