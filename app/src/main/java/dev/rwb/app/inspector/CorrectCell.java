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

    @Override
    protected void updateItem(Boolean correct, boolean empty) {
        super.updateItem(correct, empty);
        if (empty) {
            setText(null);
            setGraphic(null);
            return;
        }
        FontIcon icon = new FontIcon(correct == null ? FontAwesomeSolid.QUESTION_CIRCLE
                : correct ? FontAwesomeSolid.CHECK_CIRCLE : FontAwesomeSolid.TIMES_CIRCLE);
        icon.getStyleClass().add(correct == null ? "icon-unknown" : correct ? "icon-correct" : "icon-wrong");
        setGraphic(icon);
        setText(correct == null ? "?" : correct ? "correct" : "wrong");
    }
}
