package dev.rwb.app.importer;

import dev.rwb.app.task.SameThreadTasks;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The import dialog keeps its buttons in view at any message length and offers the imported run. */
@ExtendWith(ApplicationExtension.class)
class ImportDialogGuiTest {
    @TempDir
    Path dir;
    Stage owner;

    @Start
    void start(Stage stage) {
        owner = stage;
        stage.setScene(new Scene(new Pane(), 300, 200));
        stage.show();
    }

    private static String verlLine(int i) {
        return "{\"input\":\"Question: who founded Acme?\",\"output\":\"<answer> " + (i % 2 == 0 ? "Ada" : "Bob")
                + " </answer>\",\"gts\":\"Ada\",\"score\":" + (i % 2 == 0 ? 1.0 : 0.0) + ",\"step\":3}";
    }

    /** Whether a node lies wholly inside its window's scene. */
    private static boolean inView(Node n) {
        Bounds b = n.localToScene(n.getLayoutBounds());
        Scene s = n.getScene();
        return n.isVisible() && b.getMinX() >= -0.5 && b.getMinY() >= -0.5
                && b.getMaxX() <= s.getWidth() + 0.5 && b.getMaxY() <= s.getHeight() + 0.5;
    }

    @Test
    void importShowsTheRunAndRefusesTheSameDumpTwice(FxRobot robot) throws Exception {
        Path dump = Files.createDirectories(dir.resolve("rollouts"));
        Files.writeString(dump.resolve("3.jsonl"), verlLine(0) + "\n" + verlLine(1) + "\n");
        ImportViewModel model = new ImportViewModel(dir.resolve("w.db"), new SameThreadTasks());
        AtomicReference<String> shown = new AtomicReference<>();
        AtomicReference<ImportDialog> dialog = new AtomicReference<>();
        WaitForAsyncUtils.asyncFx(() -> {
            ImportDialog d = new ImportDialog(model, owner, () -> { }, shown::set);
            dialog.set(d);
            d.show();
        }).get();
        WaitForAsyncUtils.waitForFxEvents();
        Button show = robot.lookup("#show-imported-run").queryAs(Button.class);
        assertFalse(show.isVisible(), "nothing imported yet");

        model.sourceProperty().set(dump.toString());
        model.runNameProperty().set("acme");
        robot.clickOn("#import-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(model.failedProperty().get(), model.messageProperty().get());
        assertTrue(inView(show), "Show the imported run is in view");
        assertTrue(inView(robot.lookup("#import-button").query()), "Import stays in view after a summary");

        robot.clickOn("#import-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model.failedProperty().get());
        assertTrue(model.messageProperty().get().contains("same content") && model.messageProperty().get().contains("Import even if"),
                model.messageProperty().get());
        assertTrue(inView(robot.lookup("#import-button").query()));
        assertTrue(inView(robot.lookup("#allow-duplicate").queryAs(CheckBox.class)));

        // a very long message scrolls in its box; the buttons never leave the dialog
        model.sourceProperty().set(dir.resolve("x".repeat(3000)).toString());
        robot.clickOn("#import-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(model.messageProperty().get().length() > 3000);
        assertTrue(inView(robot.lookup("#import-button").query()), "Import in view after a 3000-character message");

        model.sourceProperty().set(dump.toString());
        robot.clickOn("#import-button");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#allow-duplicate");
        robot.clickOn("#import-button");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(model.failedProperty().get(), model.messageProperty().get());
        robot.clickOn("#show-imported-run");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("acme", shown.get());
        assertFalse(dialog.get().isShowing(), "the dialog closes to show the run");
    }

    @Test
    void aRunningImportShowsItsProgressAndCancelLeavesTheDbUnchanged(FxRobot robot) throws Exception {
        Path dump = Files.createDirectories(dir.resolve("big"));
        // ~6 MB: long enough to be cancelled while it runs
        StringBuilder sb = new StringBuilder();
        String filler = " Ada founded Acme in Zurich and studied physics.".repeat(60);
        for (int i = 0; i < 2_000; i++) {
            sb.append("{\"input\":\"Question ").append(i / 8).append("\",\"output\":\"<think>").append(filler)
                    .append("</think><answer> Ada </answer>\",\"gts\":\"Ada\",\"score\":1.0,\"step\":3}\n");
        }
        Files.writeString(dump.resolve("3.jsonl"), sb);
        Path db = dir.resolve("w.db");
        try (dev.rwb.app.task.FxBackgroundTasks tasks = new dev.rwb.app.task.FxBackgroundTasks(1)) {
            ImportViewModel model = new ImportViewModel(db, tasks);
            WaitForAsyncUtils.asyncFx(() -> new ImportDialog(model, owner, () -> { }).show()).get();
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(robot.lookup("#import-progress-row").query().isVisible(), "no progress before an import");
            model.sourceProperty().set(dump.toString());
            robot.clickOn("#import-button");
            WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                    () -> !robot.lookup("#import-progress-text").queryAs(javafx.scene.control.Label.class).getText().isEmpty());
            assertTrue(inView(robot.lookup("#import-progress").query()), "the progress bar is in view");
            String text = robot.lookup("#import-progress-text").queryAs(javafx.scene.control.Label.class).getText();
            assertTrue(text.contains("MB") && text.contains("trajectories"), text);
            robot.clickOn("#cancel-import");
            WaitForAsyncUtils.waitFor(60, java.util.concurrent.TimeUnit.SECONDS, () -> !model.runningProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(model.messageProperty().get().startsWith("Import cancelled"), model.messageProperty().get());
            assertFalse(robot.lookup("#import-progress-row").query().isVisible());
        }
        try (dev.rwb.engine.store.WorkbenchStore store = dev.rwb.engine.store.WorkbenchStore.open(db)) {
            assertEquals(0, store.query(dev.rwb.engine.store.TrajectoryQuery.all()).total());
        }
    }
}
