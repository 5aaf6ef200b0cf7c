package dev.rwb.app.inspector;

import dev.rwb.app.tokens.Palette;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Region;

import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * A signed value as a number and a bar coloured on the RdBu scale of the token view, its
 * length and colour relative to the largest |value| of the group.
 */
final class AdvantageCell<S> extends TableCell<S, Double> {
    private final DoubleSupplier maxAbs;

    AdvantageCell(DoubleSupplier maxAbs) {
        this.maxAbs = maxAbs;
    }

    @Override
    protected void updateItem(Double v, boolean empty) {
        super.updateItem(v, empty);
        if (empty || v == null || v.isNaN()) {
            setText(empty ? null : "—");
            setGraphic(null);
            return;
        }
        double m = maxAbs.getAsDouble();
        double t = m == 0 ? 0 : v / m;
        Region bar = new Region();
        double w = 4 + 56 * Math.abs(t);
        bar.setMinSize(w, 10);
        bar.setPrefSize(w, 10);
        bar.setMaxSize(w, 10);
        // Same mapping as the token view: −max → 0, 0 → 0.5 (white), +max → 1.
        bar.setStyle("-fx-background-color: " + Palette.hex(Palette.RD_BU.at(0.5 + t / 2))
                + "; -fx-border-color: #888; -fx-border-width: 0.5;");
        setGraphic(bar);
        setText(String.format(Locale.ROOT, "%+.3f", v));
    }
}
