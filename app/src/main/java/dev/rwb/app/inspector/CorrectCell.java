package dev.rwb.app.inspector;

import dev.rwb.engine.store.TrajectorySummary;
import javafx.css.PseudoClass;
import javafx.scene.control.TableCell;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;

/**
 * Pass/fail as an icon AND a word (never colour alone). A null value is an unknown verdict (no
 * reward was recorded, so nothing judged the answer) and shows as "?", never as "wrong".
 */
final class CorrectCell<S> extends TableCell<S, Boolean> {
    /** The cell value of a trajectory: its verdict, or null when it is unknown. */
    static Boolean verdict(TrajectorySummary s) {
        return s.correctnessKnown() ? s.correct() : null;
    }

    /** A reward for a table cell: three decimals, or "—" when none was recorded. */
    static String reward(TrajectorySummary s) {
        return s.hasReward() ? String.format(Locale.ROOT, "%.3f", s.reward()) : "—";
    }

    private static final PseudoClass UNKNOWN = PseudoClass.getPseudoClass("unknown");
    private static final PseudoClass CORRECT = PseudoClass.getPseudoClass("correct");
    private static final PseudoClass WRONG = PseudoClass.getPseudoClass("wrong");
    private static final Ikon[] GLYPHS = {FontAwesomeSolid.QUESTION_CIRCLE, FontAwesomeSolid.CHECK_CIRCLE, FontAwesomeSolid.TIMES_CIRCLE};
    private static final PseudoClass[] STATES = {UNKNOWN, CORRECT, WRONG};

    /**
     * One icon node for the cell's life, its glyph and colour switched in place: a page change updates
     * every visible cell, and putting another node in the graphic (even a kept one) re-ran the node's
     * whole CSS match and the label's children each time (measured with JFR on a 200-row page change:
     * 18 % of the FX thread's time was this cell). A pseudo-class change reuses the cached styles.
     */
    private final FontIcon icon = new FontIcon(GLYPHS[0]);
    private int shown = -1;

    CorrectCell() {
        icon.getStyleClass().add("verdict-icon");
    }

    /** The cell's icon node (for tests: its glyph and state). */
    FontIcon icon() {
        return icon;
    }

    @Override
    protected javafx.scene.control.Skin<?> createDefaultSkin() {
        return new SteadyCellSkin<>(this);
    }

    @Override
    protected void updateItem(Boolean correct, boolean empty) {
        super.updateItem(correct, empty);
        if (getGraphic() != icon) {
            setGraphic(icon);
        }
        if (empty) {
            // the icon stays the graphic (hidden), so emptying a cell and filling it again keeps its children
            setText(null);
            icon.setVisible(false);
            return;
        }
        setText(correct == null ? "?" : correct ? "correct" : "wrong");
        int kind = correct == null ? 0 : correct ? 1 : 2;
        if (kind != shown) {
            if (shown >= 0) {
                icon.pseudoClassStateChanged(STATES[shown], false);
            }
            icon.pseudoClassStateChanged(STATES[kind], true);
            icon.setIconCode(GLYPHS[kind]);
            shown = kind;
        }
        icon.setVisible(true);
    }
}
