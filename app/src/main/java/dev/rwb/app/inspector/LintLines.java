package dev.rwb.app.inspector;

import dev.rwb.engine.lint.LintFinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/**
 * Under the token view: one line per lint finding of the open trajectory, saying what is wrong and
 * why it matters, with the code, its source report and the token positions (a ⚠ word, not colour alone).
 */
final class LintLines extends VBox {
    private static final int SHOWN_POSITIONS = 12;

    LintLines(LintViewModel model) {
        setId("lint-lines");
        getStyleClass().add("lint-lines");
        setPadding(new Insets(2, 8, 4, 8));
        model.findings().addListener((ListChangeListener<LintFinding>) c -> show(model));
        show(model);
    }

    private void show(LintViewModel model) {
        getChildren().clear();
        for (LintFinding f : model.findings()) {
            Label line = new Label("⚠ " + f.code().key() + ": " + f.message());
            line.getStyleClass().add("lint-line");
            line.setWrapText(true);
            line.setTooltip(new Tooltip(f.code().source() + " · tokens " + positions(f)));
            getChildren().add(line);
        }
    }

    private static String positions(LintFinding f) {
        if (f.positions().isEmpty()) {
            return "(the whole trajectory)";
        }
        String shown = f.positions().subList(0, Math.min(SHOWN_POSITIONS, f.positions().size())).toString();
        return f.positions().size() > SHOWN_POSITIONS ? shown + " … (" + f.positions().size() + ")" : shown;
    }
}
