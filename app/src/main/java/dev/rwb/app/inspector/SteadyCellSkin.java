package dev.rwb.app.inspector;

import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;
import javafx.scene.control.skin.TableCellSkin;

/**
 * A table cell's skin that leaves its children alone when only the text changes.
 *
 * <p>JavaFX's label skin answers every text change with {@code getChildren().setAll(...)} of the
 * same nodes, and each node put back into the scene gets its CSS matched again from scratch. On a page
 * change every visible cell changes its text, so a 200-row page of the trajectory table spent about a
 * fifth of the FX thread's time re-adding the same text nodes (JFR, 150 page changes at 1200×760:
 * {@code LabeledSkinBase.updateChildren} 22 % inclusive, most of it in {@code Node.reapplyCss}). The
 * children depend only on which graphic there is and on whether the text and graphic are shown, so
 * this skin calls the label skin's update only when one of those changes.
 */
final class SteadyCellSkin<S, T> extends TableCellSkin<S, T> {
    private static final int NONE = 1;
    private static final int TEXT = 2;
    private static final int GRAPHIC = 3;
    private static final int GRAPHIC_AND_TEXT = 4;

    // No initialisers: the label skin's constructor calls updateChildren() before they would run,
    // and what it records there must survive. shownChildren 0 means "not recorded yet".
    private Node shownGraphic;
    private int shownChildren;

    SteadyCellSkin(TableCell<S, T> cell) {
        super(cell);
    }

    @Override
    protected void updateChildren() {
        TableCell<S, T> cell = getSkinnable();
        Node graphic = cell.getGraphic();
        ContentDisplay display = cell.getContentDisplay();
        String text = cell.getText();
        // the same tests as LabeledSkinBase.isIgnoreGraphic / isIgnoreText, and the children its
        // updateChildren() makes of them: none, [text], [graphic] or [graphic, text]. Without a graphic
        // the text node stays a child even when the text is empty, and this skin keeps it beside a
        // graphic too once it is there (an empty text node draws nothing; the label skin's layout
        // empties it when it ignores the text), so a cell going empty and back, as the table empties
        // every cell before it fills a new page, keeps its children.
        boolean ignoreGraphic = graphic == null || !graphic.isManaged() || display == ContentDisplay.TEXT_ONLY;
        boolean ignoreText = text == null || text.isEmpty() || display == ContentDisplay.GRAPHIC_ONLY;
        int children = ignoreGraphic ? (display == ContentDisplay.GRAPHIC_ONLY ? NONE : TEXT)
                : (ignoreText ? GRAPHIC : GRAPHIC_AND_TEXT);
        boolean same = children == shownChildren || children == GRAPHIC && shownChildren == GRAPHIC_AND_TEXT;
        if (same && graphic == shownGraphic) {
            return;
        }
        shownChildren = children;
        shownGraphic = graphic;
        super.updateChildren();
    }
}
