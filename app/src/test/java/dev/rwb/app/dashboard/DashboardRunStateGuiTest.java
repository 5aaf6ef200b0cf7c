package dev.rwb.app.dashboard;

import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import dev.rwb.engine.store.RunSummary;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's run chooser follows the run's state as the trainer moves it on: the entry that
 * read "(#1, warm_start)" reads "running", then "finished", with no click (it used to keep the
 * state of the moment it was listed).
 */
@ExtendWith(ApplicationExtension.class)
class DashboardRunStateGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    static RunInfo run;
    DashboardView dashboard;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("state.db"));
        run = store.createRun("moving-on", "rl", "{}");
        store.setRunStatus(run.id(), "warm_start");
        store.addStepMetrics(run.id(), 1, Map.of(MetricPanel.WARM_START_LOSS, 2.0));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        dashboard = new DashboardView(new DashboardViewModel(store, new SameThreadTasks(), Platform::runLater));
        stage.setScene(new Scene(dashboard, 900, 600));
        stage.show();
    }

    @Test
    void theRunEntrySaysTheRunsStateAsItMovesOn(FxRobot robot) throws Exception {
        robot.interact(() -> dashboard.show(run.id()));
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown(robot).contains("(#" + run.id() + ", warm_start)"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("shown: '" + shown(robot) + "'", e);
        }

        store.setRunStatus(run.id(), "running");
        store.addStepMetrics(run.id(), 1, Map.of("reward_mean", 0.5));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown(robot).contains("(#" + run.id() + ", running)"));

        store.setRunStatus(run.id(), "finished");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shown(robot).contains("(#" + run.id() + ", finished)"));
        assertTrue(shown(robot).startsWith("moving-on"), "still the same run: " + shown(robot));
    }

    /** The text the run chooser shows: its converter's text of the chosen entry (what its button cell draws). */
    @SuppressWarnings("unchecked")
    private static String shown(FxRobot robot) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            ComboBox<RunSummary> runs = robot.lookup("#dashboard-run").queryAs(ComboBox.class);
            return runs.getValue() == null ? "" : runs.getConverter().toString(runs.getValue());
        }).get(5, TimeUnit.SECONDS);
    }
}
