package dev.rwb.app.tokens;

import dev.rwb.engine.palette.ColorMode;
import dev.rwb.engine.palette.HeatScale;
import dev.rwb.engine.palette.LegendText;
import dev.rwb.engine.palette.RoleColors;
import dev.rwb.engine.trajectory.Role;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The legend of the token view: the mode and its palette, a colour bar with its numeric range
 * (min / centre / max), which scale is in use and its floor, a "no signal" label for a trajectory
 * whose group had no reward signal, the definition of what the colour means, the masked swatch
 * and the role underline key. The last three lines are details: on a short window (a 1366×768
 * laptop) they fold away behind "more ▸" so the tokens keep their room, and the first line, with the
 * colour bar and its range, stays.
 */
public final class TokenLegend extends VBox {
    private final Label title = new Label();
    private final HBox bar = new HBox();
    private final Label minLabel = new Label();
    private final Label midLabel = new Label();
    private final Label maxLabel = new Label();
    private final VBox scaleBox;
    private final Label definition = new Label();
    private final Label palette = new Label();
    private final Label scaleText = new Label();
    private final Label noSignal = new Label();
    private final VBox details;
    private final Hyperlink detailsToggle = new Hyperlink();
    private final Tooltip scaleTip = new Tooltip();
    /** Set once the user folds or unfolds the details; from then on the window height no longer decides. */
    private boolean userChoseDetails;

    public TokenLegend() {
        getStyleClass().add("token-legend");
        setSpacing(4);
        setPadding(new Insets(6, 8, 6, 8));
        title.getStyleClass().add("legend-title");
        minLabel.setId("legend-min");
        midLabel.setId("legend-mid");
        maxLabel.setId("legend-max");
        definition.setId("legend-definition");
        definition.setWrapText(true);
        palette.setId("legend-palette");
        scaleText.setId("legend-scale");
        scaleText.setWrapText(true);
        noSignal.setId("legend-no-signal");
        noSignal.getStyleClass().add("legend-no-signal");
        BorderPane ticks = new BorderPane(midLabel, null, maxLabel, null, minLabel);
        ticks.setPrefWidth(336);
        ticks.setMaxWidth(336);
        scaleBox = new VBox(2, bar, ticks);
        Tooltip.install(scaleBox, scaleTip);
        Region maskedSwatch = new Region();
        maskedSwatch.getStyleClass().add("legend-masked-swatch");
        maskedSwatch.setMinSize(28, 14);
        Label masked = new Label("masked (w = 0): no gradient", maskedSwatch);
        details = new VBox(4, scaleText, roleKey(), definition);
        details.setId("legend-details");
        detailsToggle.setId("legend-details-toggle");
        detailsToggle.setOnAction(e -> {
            userChoseDetails = true;
            showDetails(!details.isVisible());
        });
        HBox top = new HBox(16, new VBox(2, title, palette), scaleBox, masked, noSignal, detailsToggle);
        top.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(top, details);
        showDetails(true);
    }

    /** Folds the details away on a view shorter than {@code minHeight}, unless the user chose. */
    void fitTo(double viewHeight, double minHeight) {
        if (!userChoseDetails) {
            showDetails(viewHeight >= minHeight);
        }
    }

    private void showDetails(boolean shown) {
        showIf(details, shown);
        detailsToggle.setText(shown ? "less ▾" : "more ▸");
    }

    /** Whether the scale, role key and definition lines are shown. */
    public boolean detailsShown() {
        return details.isVisible();
    }

    private static FlowPane roleKey() {
        FlowPane key = new FlowPane(10, 2);
        key.getChildren().add(new Label("role (underline):"));
        for (Role role : Role.values()) {
            Label l = new Label(role.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            l.setStyle("-fx-border-color: transparent transparent " + RoleColors.hex(role)
                    + " transparent; -fx-border-width: 0 0 3 0;");
            key.getChildren().add(l);
        }
        return key;
    }

    /**
     * Shows the scale of a mode; {@code scale} may be null when nothing is loaded, {@code noSignalText}
     * is "" for a trajectory with signal.
     */
    public void show(ColorMode mode, HeatScale scale, String noSignalText) {
        title.setText(mode.label());
        palette.setText(LegendText.palette(mode));
        definition.setText(LegendText.definition(mode));
        noSignal.setText(noSignalText);
        showIf(noSignal, !noSignalText.isEmpty());
        boolean heat = mode != ColorMode.ROLE && scale != null;
        showIf(scaleBox, heat);
        showIf(scaleText, heat);
        if (!heat) {
            return;
        }
        scaleText.setText(scale.scaleText());
        // folded or not, the scale is one hover away on the colour bar
        scaleTip.setText(scale.scaleText());
        // Every opened trajectory (each j) shows its scale: the bins are kept and only recoloured, since
        // new nodes with inline styles cost a CSS parse and a CSS pass each on the FX thread.
        int bins = scale.binCount();
        if (bar.getChildren().size() != bins) {
            bar.getChildren().clear();
            double cell = 336.0 / bins;
            for (int b = 0; b < bins; b++) {
                Region r = new Region();
                r.setMinSize(cell, 14);
                r.setPrefSize(cell, 14);
                bar.getChildren().add(r);
            }
        }
        for (int b = 0; b < bins; b++) {
            bar.getChildren().get(b).setStyle("-fx-background-color: " + scale.binHex(b) + ";"); // unchanged: no-op
        }
        minLabel.setText(LegendText.number(scale.min()));
        midLabel.setText(LegendText.number(mode.signed() ? 0 : (scale.min() + scale.max()) / 2));
        maxLabel.setText(LegendText.number(scale.max()));
        HBox.setHgrow(bar, Priority.NEVER);
    }

    private static void showIf(javafx.scene.Node node, boolean shown) {
        node.setVisible(shown);
        node.setManaged(shown);
    }

    public String minText() {
        return minLabel.getText();
    }

    public String maxText() {
        return maxLabel.getText();
    }
}
