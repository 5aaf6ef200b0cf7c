package dev.rwb.app.compare;

import dev.rwb.app.tokens.TokenStylesheet;
import dev.rwb.engine.diff.TrajectoryDiff;
import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.palette.ScaleScope;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.StyleClassedTextArea;
import org.fxmisc.richtext.model.StyleSpansBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Two trajectories of one prompt, token by token: B's tokens in reading order, each aligned token
 * coloured by Δ = B − A of the chosen value on the signed RdBu scale (blue: higher in B, red: lower,
 * white: equal), tokens only B has outlined green and underlined, tokens only A has struck through.
 */
public final class TrajectoryDiffView extends BorderPane {
    /** Class of a token only the second trajectory has. */
    public static final String INSERTED = "diff-inserted";
    /** Class of a token only the first trajectory has. */
    public static final String DELETED = "diff-deleted";

    private final TrajectoryDiffViewModel model;
    private final ComboBox<String> runA = new ComboBox<>();
    private final ComboBox<String> runB = new ComboBox<>();
    private final ComboBox<TrajectoryDiff.Value> value = new ComboBox<>(
            FXCollections.observableArrayList(TrajectoryDiff.Value.values()));
    private final ListView<TrajectoryDiffViewModel.Pair> pairs = new ListView<>();
    private final StyleClassedTextArea area = new StyleClassedTextArea();
    private final Label legend = new Label();
    private HeatScale scale;

    public TrajectoryDiffView(TrajectoryDiffViewModel model) {
        this.model = model;
        setId("token-diff");
        getStylesheets().add(TokenStylesheet.dataUri());
        String css = "." + INSERTED + " { -rtfx-border-stroke-color: #009e73; -rtfx-border-stroke-width: 2;"
                + " -rtfx-underline-color: #009e73; -rtfx-underline-width: 2; }\n"
                + "." + DELETED + " { -fx-strikethrough: true; -fx-fill: #7a7a7a; -rtfx-border-stroke-color: #d55e00;"
                + " -rtfx-border-stroke-width: 1; -rtfx-border-stroke-dash-array: 3 2; }\n";
        getStylesheets().add("data:text/css;base64," + java.util.Base64.getEncoder()
                .encodeToString(css.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        runA.setId("diff-run-a");
        runB.setId("diff-run-b");
        runA.setItems(model.runs());
        runB.setItems(model.runs());
        value.setId("diff-value");
        value.valueProperty().bindBidirectional(model.valueProperty());
        value.setConverter(new javafx.util.StringConverter<>() {
            public String toString(TrajectoryDiff.Value v) {
                return v == null ? "" : v.label();
            }

            public TrajectoryDiff.Value fromString(String s) {
                return null;
            }
        });
        Button pair = new Button("Pair by prompt");
        pair.setId("diff-pair");
        pair.setOnAction(e -> model.pair(runA.getValue(), runB.getValue(), () -> pairs.getSelectionModel().selectFirst()));
        HBox bar = new HBox(8, new Label("Run A"), runA, new Label("Run B"), runB, pair, new Label("colour"), value);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6));
        pairs.setId("diff-pairs");
        pairs.setItems(model.pairs());
        pairs.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(TrajectoryDiffViewModel.Pair p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.describe());
            }
        });
        pairs.getSelectionModel().selectedItemProperty().addListener((obs, o, p) -> {
            if (p != null) {
                model.open(p, () -> { });
            }
        });
        area.setId("diff-area");
        area.setEditable(false);
        area.setWrapText(true);
        area.setPadding(new Insets(8));
        legend.setId("diff-legend");
        legend.setWrapText(true);
        legend.setPadding(new Insets(2, 8, 2, 8));
        Label status = new Label();
        status.setId("diff-status");
        status.textProperty().bind(model.statusProperty());
        SplitPane split = new SplitPane(pairs, new VirtualizedScrollPane<>(area));
        split.setDividerPositions(0.3);
        setTop(bar);
        setCenter(split);
        setBottom(new VBox(2, legend, status));
        model.diffProperty().addListener((obs, o, d) -> show());
        model.valueProperty().addListener((obs, o, v) -> show());
        model.refreshRuns(() -> { });
    }

    /** Chooses the two runs (tests, "compare with…" actions). */
    public void choose(String a, String b) {
        runA.setValue(a);
        runB.setValue(b);
    }

    private void show() {
        TrajectoryDiff d = model.diffProperty().get();
        if (d == null) {
            area.clear();
            return;
        }
        TrajectoryDiff.Value v = model.valueProperty().get();
        // One symmetric scale over this pair's |Δ|, drawn with the signed palette (RdBu) and its floor.
        scale = HeatScale.signed(ColorMode.CONTRIBUTION, d.maxAbsDelta(v), ScaleScope.TRAJECTORY, ScaleContext.UNKNOWN);
        StringBuilder text = new StringBuilder();
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        for (TrajectoryDiff.Entry e : d.entries()) {
            String t = d.text(e).replace("\n", "¶\n");
            text.append(t);
            spans.add(classesOf(d, e, v), t.length());
        }
        if (text.length() == 0) {
            spans.add(List.of(), 0);
        }
        area.replaceText(text.toString());
        area.setStyleSpans(0, spans.create());
        legend.setText(v.label() + " = B − A on aligned tokens: blue higher in B, red lower, white equal ("
                + (scale.max() > 0 ? "±" + LegendText.number(scale.max()) + " = the largest |Δ| of this pair"
                : "no difference above the floor") + "). Green outline: only in B; struck through: only in A; "
                + "grey: a value not recorded.");
    }

    /** The style classes of one entry: its Δ bin, or the inserted/deleted mark. */
    List<String> classesOf(TrajectoryDiff d, TrajectoryDiff.Entry e, TrajectoryDiff.Value v) {
        if (e.inserted()) {
            return List.of(INSERTED);
        }
        if (e.deleted()) {
            return List.of(DELETED);
        }
        double delta = d.delta(e, v);
        List<String> out = new ArrayList<>(2);
        out.add(Double.isFinite(delta) ? scale.binClass(scale.bin(delta)) : "tok-no-value");
        return out;
    }

    public StyleClassedTextArea area() {
        return area;
    }

    public ListView<TrajectoryDiffViewModel.Pair> pairList() {
        return pairs;
    }

    public Label legend() {
        return legend;
    }
}
