package dev.rwb.app.inspector;

import javafx.scene.control.TableCell;
import org.kordamp.ikonli.fontawesome5.FontAwesomeSolid;
import org.kordamp.ikonli.javafx.FontIcon;

/** Pass/fail as an icon AND a word (never colour alone). */
final class CorrectCell<S> extends TableCell<S, Boolean> {
    @Override
    protected void updateItem(Boolean correct, boolean empty) {
        super.updateItem(correct, empty);
        if (empty || correct == null) {
            setText(null);
            setGraphic(null);
            return;
        }
        FontIcon icon = new FontIcon(correct ? FontAwesomeSolid.CHECK_CIRCLE : FontAwesomeSolid.TIMES_CIRCLE);
        icon.getStyleClass().add(correct ? "icon-correct" : "icon-wrong");
        setGraphic(icon);
        setText(correct ? "correct" : "wrong");
    }
}
