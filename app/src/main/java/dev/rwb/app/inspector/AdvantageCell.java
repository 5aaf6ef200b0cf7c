package dev.rwb.app.inspector;

import dev.rwb.engine.palette.HeatScale;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * A signed value as a number and a bar on the token view's RdBu scale (the engine's
 * {@link HeatScale}): the bar's colour is the token colour of the same value, its length the
 * value's share of the scale, so a group's bars compare with the run's other groups. A value at
 * or below the scale's floor has no bar and reads "0": it is round-off, not signal.
 */
final class AdvantageCell<S> extends TableCell<S, Double> {
    /** Width of a bar at the scale's maximum. */
    static final double FULL_BAR = 56;

    private final Supplier<HeatScale> scale;
    /*
     * The bar, its holder and the floor's tooltip are made once per cell and updated: each opened
     * trajectory (each j) refills the group table, and new nodes per update cost a CSS pass each.
     */
    private final Region bar = new Region();
    private final javafx.scene.layout.HBox holder;
    private final Tooltip floorTip = new Tooltip();

    AdvantageCell(Supplier<HeatScale> scale) {
        this.scale = scale;
        bar.getStyleClass().add("advantage-bar");
        // A fixed-width box keeps the numbers of a column aligned whatever the bar's length.
        holder = new javafx.scene.layout.HBox(bar, new Region());
        holder.setMinWidth(FULL_BAR + 4);
        holder.setPrefWidth(FULL_BAR + 4);
        holder.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    }

    @Override
    protected void updateItem(Double v, boolean empty) {
        super.updateItem(v, empty);
        setTooltip(null);
        if (empty || v == null || v.isNaN()) {
            setText(empty ? null : "—");
            setGraphic(null);
            return;
        }
        HeatScale s = scale.get();
        int bin = s.bin(v);
        boolean belowFloor = s.noSignal() || Math.abs(v) <= s.floor();
        double w = belowFloor ? 0 : Math.max(2, FULL_BAR * Math.min(1, Math.abs(v) / s.max()));
        bar.setMinSize(w, 10);
        bar.setPrefSize(w, 10);
        bar.setMaxSize(w, 10);
        bar.setStyle("-fx-background-color: " + s.binHex(bin) + "; -fx-border-color: #888; -fx-border-width: "
                + (belowFloor ? "0" : "0.5") + ";");
        setGraphic(holder);
        if (belowFloor) {
            setText("0");
            floorTip.setText(String.format(Locale.ROOT, "stored %.3e: at or below the floor (%s), drawn as 0",
                    v, s.noSignal() ? "no value of this scale rises above it" : String.format(Locale.ROOT, "%.2e", s.floor())));
            setTooltip(floorTip);
        } else {
            setText(Math.abs(v) < 1e-3 ? String.format(Locale.ROOT, "%+.2e", v) : String.format(Locale.ROOT, "%+.3f", v));
        }
    }
}
