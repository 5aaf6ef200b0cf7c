package dev.rwb.app.inspector;

import dev.rwb.engine.store.TrajectorySummary;
import javafx.scene.control.TableCell;
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

    /**
     * The icon of each verdict, made on first use and kept: a page change or a new filter updates every
     * visible cell, and a new icon node each time cost a glyph look-up and a CSS pass per cell.
     */
    private final FontIcon[] icons = new FontIcon[3];

    @Override
    protected void updateItem(Boolean correct, boolean empty) {
        super.updateItem(correct, empty);
        if (empty) {
            setText(null);
            setGraphic(null);
            return;
        }
        int kind = correct == null ? 0 : correct ? 1 : 2;
        if (icons[kind] == null) {
            icons[kind] = new FontIcon(kind == 0 ? FontAwesomeSolid.QUESTION_CIRCLE
                    : kind == 1 ? FontAwesomeSolid.CHECK_CIRCLE : FontAwesomeSolid.TIMES_CIRCLE);
            icons[kind].getStyleClass().add(kind == 0 ? "icon-unknown" : kind == 1 ? "icon-correct" : "icon-wrong");
        }
        setGraphic(icons[kind]);
        setText(correct == null ? "?" : correct ? "correct" : "wrong");
    }
}
