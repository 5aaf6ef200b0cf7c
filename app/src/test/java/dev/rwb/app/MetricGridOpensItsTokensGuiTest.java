package dev.rwb.app;

import dev.rwb.app.dashboard.CurveChart;
import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.app.inspector.InspectorView;
import dev.rwb.app.inspector.InspectorViewModel;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 4 on the metric grid, in the composed window: a click on a point of a grid panel
 * (response length at step 2) opens the Inspect tab on that run's step 2 sorted by response length,
 * longest first, exactly as the dashboard's zoomed chart does; the grid does not zoom instead; a
 * click on the panel away from the curve still zooms.
 */
@ExtendWith(ApplicationExtension.class)
class MetricGridOpensItsTokensGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    static RunInfo run;
    WorkbenchWindow window;
    InspectorView inspector;
    DashboardView dashboard;

    /** A trajectory of {@code answerTokens} answer tokens after a one-token prompt. */
    static Trajectory ofLength(int step, int sample, int answerTokens) {
        TokenArrays.Builder b = TokenArrays.builder();
        b.add(1, "Q?", Role.PROMPT, 0);
        for (int i = 0; i < answerTokens; i++) {
            b.add(10 + i, " a" + i, Role.ANSWER, 0, 1f, -0.5f, -0.5f, 0.4f, 0f, 0f, false);
        }
        return new Trajectory(0, "grid-run", step, "p" + sample, "g" + step, sample, "arithmetic", "a", "a", 1,
                Map.of(), true, FinishReason.STOP, 0, false, List.of(), b.build());
    }

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("grid-click.db"));
        run = store.createRun("grid-run", "rl", "{}");
        int[][] lengths = {{3, 4}, {5, 6}, {2, 9, 4}, {3, 3}};
        for (int step = 1; step <= lengths.length; step++) {
            double sum = 0;
            for (int s = 0; s < lengths[step - 1].length; s++) {
                store.insert(ofLength(step, s, lengths[step - 1][s]));
                sum += lengths[step - 1][s];
            }
            store.addStepMetrics(run.id(), step, Map.of("reward_mean", 0.1 * step,
                    "response_length_mean", sum / lengths[step - 1].length, "kl", 0.01 * step));
        }
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        SameThreadTasks tasks = new SameThreadTasks();
        InspectorViewModel model = new InspectorViewModel(store, tasks);
        inspector = new InspectorView(model);
        window = new WorkbenchWindow(ScreenModels.of(store, tasks), model, inspector, dir.resolve("no-presets"),
                dir.resolve("configs"));
        dashboard = window.train().dashboard();
        stage.setScene(new Scene(window, 1300, 850));
        stage.show();
        window.getSelectionModel().select(1);
        model.refresh(() -> { });
    }

    @Test
    void aPointOfAGridPanelOpensItsStepSortedByTheMetricsDriver(FxRobot robot) throws Exception {
        robot.interact(() -> dashboard.show(run.id()));
        String panel = "response length (tokens)";
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> {
            CurveChart c = dashboard.grid().chartOf(panel);
            return c != null && c.curve("response_length_mean") != null && c.curve("response_length_mean").getDataCount() == 4;
        }));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(dashboard.showsGrid());

        Point2D step3 = onFx(() -> dashboard.grid().chartOf(panel).screenPositionOf(3, 5.0));
        robot.clickOn(step3);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> window.getSelectionModel().getSelectedIndex() == 0
                && inspector.table().getItems().size() == 3));
        List<TrajectorySummary> rows = onFx(() -> List.copyOf(inspector.table().getItems()));
        assertTrue(rows.stream().allMatch(r -> r.step() == 3 && r.run().equals("grid-run")), "only step 3 of the run");
        assertEquals(List.of(1, 2, 0), rows.stream().map(TrajectorySummary::sampleIndex).toList(),
                "longest response first: 9, 4, 2 tokens");
        assertTrue(robot.lookup("#filter-ids").queryLabeled().getText().startsWith("step 3 of grid-run, by response length"),
                robot.lookup("#filter-ids").queryLabeled().getText());
        assertTrue(onFx(dashboard::showsGrid), "a click on a point opens its step; it does not zoom");

        // away from the curve, the panel still zooms
        robot.interact(() -> window.getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        Point2D empty = onFx(() -> dashboard.grid().chartOf(panel).screenPositionOf(1.5, 5.4));
        robot.clickOn(empty);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!onFx(dashboard::showsGrid), "a click beside the curve zooms to the panel's metric");
        assertEquals(1, onFx(() -> window.getSelectionModel().getSelectedIndex()), "and stays on the Train tab");
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(30, TimeUnit.SECONDS);
    }
}
