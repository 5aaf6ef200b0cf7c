package dev.rwb.app.inspector;

import javafx.scene.control.Skin;
import javafx.scene.control.TableCell;

/**
 * A table cell that shows its value as text (what JavaFX's default cell factory does), drawn by a
 * {@link SteadyCellSkin} so that a page change only changes the cells' texts.
 */
class TextCell<S, T> extends TableCell<S, T> {
    @Override
    protected void updateItem(T item, boolean empty) {
        super.updateItem(item, empty);
        refreshText();
    }

    /** Shows the text of the cell's item again (for a cell whose text depends on more than the item). */
    protected final void refreshText() {
        T item = getItem();
        setText(isEmpty() || item == null ? null : textOf(item));
    }

    /** The text of a value (its {@code toString()} unless a cell says otherwise). */
    protected String textOf(T item) {
        return item.toString();
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new SteadyCellSkin<>(this);
    }
}
