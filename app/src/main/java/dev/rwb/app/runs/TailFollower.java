package dev.rwb.app.runs;

import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.skin.VirtualFlow;

/**
 * Keeps a log list scrolled to its newest line while lines arrive, unless the user scrolled up
 * to read: then it stays where they are until they scroll back to the bottom.
 */
public final class TailFollower {
    private final ListView<?> list;
    private boolean following = true;
    private boolean scrollQueued;

    private TailFollower(ListView<?> list) {
        this.list = list;
    }

    /** Makes {@code list} follow its tail. */
    public static TailFollower attach(ListView<?> list) {
        TailFollower f = new TailFollower(list);
        list.getItems().addListener((ListChangeListener<Object>) c -> f.linesChanged());
        list.skinProperty().addListener((obs, o, skin) -> Platform.runLater(f::watchScrollBar));
        return f;
    }

    /** Whether new lines scroll the list (false after the user scrolled up). */
    public boolean following() {
        return following;
    }

    private void watchScrollBar() {
        for (Node n : list.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                // at the bottom (within half a line's share) = follow; any other position = the user reads
                bar.valueProperty().addListener((obs, o, v) -> {
                    if (!scrollQueued) {
                        following = v.doubleValue() >= bar.getMax() - 1e-3;
                    }
                });
            }
        }
    }

    private void linesChanged() {
        if (!following || scrollQueued) {
            return;
        }
        scrollQueued = true;
        // after the layout pass has made cells for the new lines
        Platform.runLater(() -> {
            int last = list.getItems().size() - 1;
            if (last >= 0) {
                list.layout(); // the flow learns the new line count before it can scroll to the last one
                if (list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
                    flow.scrollTo(last); // minimal scroll: the newest line at the bottom edge
                } else {
                    list.scrollTo(last);
                }
            }
            scrollQueued = false;
        });
    }
}
