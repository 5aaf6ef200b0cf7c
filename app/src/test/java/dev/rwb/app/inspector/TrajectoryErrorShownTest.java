package dev.rwb.app.inspector;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A trajectory whose verifier failed says so in the inspector's header, with the full error in its tooltip. */
@ExtendWith(ApplicationExtension.class)
class TrajectoryErrorShownTest {
    private static final String ERROR = "verifier failed: java.lang.ArithmeticException: Overflow " + "x".repeat(200);
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    InspectorView view;
    InspectorViewModel model;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("errors.db"));
        Trajectory t = new TestTrajectories(3).groups("errors", 0, 1, 2).get(0);
        store.insert(new Trajectory(0, t.run(), t.step(), t.promptId(), t.groupId(), t.sampleIndex(), t.task(),
                t.groundTruth(), t.finalAnswer(), 0.0, t.rewardComponents(), false, t.finishReason(),
                t.numToolCalls(), false, t.policySegments(), t.tokens(), null, ERROR));
        store.insert(new TestTrajectories(4).groups("errors", 1, 1, 1).get(0));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        model = new InspectorViewModel(store, new SameThreadTasks());
        view = InspectorStage.show(stage, model);
        model.refresh(() -> view.table().getSelectionModel().selectFirst());
    }

    @Test
    void headerAndTooltipShowTheErrorOnlyForTheFailedTrajectory(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Label header = robot.lookup("#trajectory-header").queryAs(Label.class);
        int failedRows = 0;
        for (int row = 0; row < 2; row++) {
            int r = row;
            robot.interact(() -> view.table().getSelectionModel().clearAndSelect(r));
            WaitForAsyncUtils.waitForFxEvents();
            if (view.selected().error() != null) {
                failedRows++;
                assertTrue(header.getText().contains("⚠ scored 0, verifier failed: java.lang.ArithmeticException"),
                        header.getText());
                assertEquals(ERROR, header.getTooltip().getText());
            } else {
                assertTrue(!header.getText().contains("⚠"), header.getText());
                assertNull(header.getTooltip());
            }
        }
        assertEquals(1, failedRows, "exactly one of the two rows failed");
    }
}
