package dev.rwb.app.runlist;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.scene.Node;
import javafx.util.Duration;

/**
 * Keeps a screen's run list current by itself: every {@value #PERIOD_SECONDS} s, while the screen is
 * showing (in a shown window, in the selected tab), it calls the screen's refresh; a run launched or
 * imported elsewhere appears without a restart or a click. A hidden screen costs nothing.
 */
public final class RunListRefresh {
    static final double PERIOD_SECONDS = 3;

    private RunListRefresh() {
    }

    /** Starts refreshing {@code screen}'s run list with {@code refresh} (on the FX thread) while it shows. */
    public static Timeline whileShowing(Node screen, Runnable refresh) {
        Timeline timeline = new Timeline(new KeyFrame(Duration.seconds(PERIOD_SECONDS), e -> {
            if (showing(screen)) {
                refresh.run();
            }
        }));
        timeline.setCycleCount(Timeline.INDEFINITE);
        timeline.play();
        return timeline;
    }

    /** In a showing window, and neither it nor a parent hidden (an unselected tab's content is). */
    static boolean showing(Node node) {
        if (node.getScene() == null || node.getScene().getWindow() == null || !node.getScene().getWindow().isShowing()) {
            return false;
        }
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }
}
