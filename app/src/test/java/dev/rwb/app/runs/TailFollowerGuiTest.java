package dev.rwb.app.runs;

import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer log follows new lines, and stops following while the user reads further up. */
@ExtendWith(ApplicationExtension.class)
class TailFollowerGuiTest {
    ListView<String> log;
    TailFollower follower;

    @Start
    void start(Stage stage) {
        log = new ListView<>();
        log.setFixedCellSize(20);
        follower = TailFollower.attach(log);
        stage.setScene(new Scene(log, 300, 200));
        stage.show();
    }

    private void add(int from, int to) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> IntStream.range(from, to).forEach(i -> log.getItems().add("line " + i))).get();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Whether a cell showing {@code text} lies wholly inside the list's viewport. */
    private boolean shown(String text) {
        Bounds list = log.localToScene(log.getLayoutBounds());
        for (Node n : log.lookupAll(".list-cell")) {
            if (n instanceof ListCell<?> cell && text.equals(cell.getText()) && cell.isVisible()) {
                Bounds b = cell.localToScene(cell.getLayoutBounds());
                return b.getMinY() >= list.getMinY() - 0.5 && b.getMaxY() <= list.getMaxY() + 0.5;
            }
        }
        return false;
    }

    private ScrollBar verticalBar() {
        return log.lookupAll(".scroll-bar").stream().filter(n -> n instanceof ScrollBar b
                && b.getOrientation() == Orientation.VERTICAL).map(ScrollBar.class::cast).findFirst().orElseThrow();
    }

    @Test
    void followsTheTailUntilTheUserScrollsUp() throws Exception {
        add(0, 50);
        assertTrue(shown("line 49"), "the newest line is in view");
        add(50, 120);
        assertTrue(shown("line 119"), "still following");

        WaitForAsyncUtils.asyncFx(() -> verticalBar().setValue(verticalBar().getMin())).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(follower.following());
        add(120, 140);
        assertTrue(shown("line 0"), "the user's place is kept");
        assertFalse(shown("line 139"));

        WaitForAsyncUtils.asyncFx(() -> verticalBar().setValue(verticalBar().getMax())).get();
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(follower.following());
        add(140, 160);
        assertTrue(shown("line 159"), "following again at the bottom");
    }
}
