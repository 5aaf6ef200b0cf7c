package dev.rwb.app.inspector;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The run list's "Delete run…" button, with its confirmation, on a real SQLite DB (issue 17). The
 * cell's context menu runs the same confirmation and view-model call.
 */
@ExtendWith(ApplicationExtension.class)
class RunDeleteGuiTest {
    @TempDir
    Path dir;
    WorkbenchStore store;
    InspectorView view;

    @Start
    void start(Stage stage) {
        store = WorkbenchStore.open(dir.resolve("delete.db"));
        TestTrajectories gen = new TestTrajectories(5);
        store.insertAll(gen.groups("first", 0, 1, 2));
        store.insertAll(gen.groups("second", 0, 1, 2));
        InspectorViewModel model = new InspectorViewModel(store, new SameThreadTasks());
        view = InspectorStage.show(stage, model);
        model.refresh(() -> { });
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Node cellOf(FxRobot robot, String run) {
        return robot.lookup("#run-list .list-cell").match((ListCell<RunSummary> c) -> c.getItem() != null
                && c.getItem().run().name().equals(run)).query();
    }

    private List<String> runNames() {
        return store.listRuns().stream().map(r -> r.run().name()).toList();
    }

    @Test
    void deleteAsksFirstAndThenRemovesTheRunEverywhere(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(cellOf(robot, "first"));
        robot.clickOn("#delete-run");
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("first", "second"), runNames(), "cancel keeps the run");

        robot.clickOn("#delete-run");
        robot.clickOn("Delete");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("second"), runNames());
        ListView<?> list = robot.lookup("#run-list").queryAs(ListView.class);
        assertEquals(1, list.getItems().size(), "the list shows what is left");
    }
    @Test
    void theRunsContextMenuDeletesTheRunItWasOpenedOn(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        // the other run is selected: the context menu must act on the cell it was opened on, not the selection
        robot.clickOn(cellOf(robot, "first"));
        robot.rightClickOn(cellOf(robot, "second"));
        robot.clickOn("Delete run…");
        robot.clickOn("Cancel");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("first", "second"), runNames(), "cancel keeps the run");

        robot.rightClickOn(cellOf(robot, "second"));
        robot.clickOn("Delete run…");
        robot.clickOn("Delete");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("first"), runNames());
        ListView<?> list = robot.lookup("#run-list").queryAs(ListView.class);
        assertEquals(1, list.getItems().size(), "the list shows what is left");
    }
}
