package dev.rwb.app;

import dev.rwb.engine.store.WorkbenchStore;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening an old DB shows the migration's progress, then hands over the opened store (or the error). */
@ExtendWith(ApplicationExtension.class)
class MigrationWindowGuiTest {
    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new Pane(), 200, 100));
        stage.show();
    }

    @Test
    void showsTheMigrationsProgressThenOpens(FxRobot robot) throws Exception {
        Path db = dir.resolve("old.db");
        CountDownLatch reported = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<WorkbenchStore> opened = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> MigrationWindow.open(db, progress -> {
            progress.progress("converting token arrays", 250, 1_000);
            reported.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return WorkbenchStore.open(db, progress);
        }, opened::set, e -> { })).get();
        assertTrue(reported.await(30, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> robot.lookup("#migration-progress").queryAs(ProgressBar.class).getProgress() == 0.25);
        WaitForAsyncUtils.waitForFxEvents(); // the bar was read mid-update: the label is set right after it
        assertEquals("converting token arrays: 250 of 1,000", robot.lookup("#migration-step").queryAs(Label.class).getText());
        release.countDown();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> opened.get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#migration-progress").tryQuery().isEmpty(), "the window closed");
        opened.get().close();
    }
}
