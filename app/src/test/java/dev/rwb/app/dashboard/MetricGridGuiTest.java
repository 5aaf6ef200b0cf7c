package dev.rwb.app.dashboard;

import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import io.fair_acc.dataset.DataSet;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's metric grid on a real SQLite DB: the standard panels of a run (its warm start
 * first), live growth while steps are written, the zoom on a click and back, and no chart running
 * off the window's right edge.
 */
@ExtendWith(ApplicationExtension.class)
class MetricGridGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    static RunInfo run;
    DashboardView dashboard;
    Stage stage;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("grid.db"));
        run = store.createRun("grid-run", "rl", "{}");
        for (int w = 1; w <= 40; w++) {
            store.addStepMetrics(run.id(), w, Map.of(MetricPanel.WARM_START_LOSS, 3.0 / w));
        }
        for (int s = 1; s <= 6; s++) {
            store.addStepMetrics(run.id(), s, rlStep(s));
        }
    }

    static Map<String, Double> rlStep(int s) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("reward_mean", 0.1 * s);
        m.put("accuracy", 0.05 * s);
        m.put("response_length_mean", 40.0 + s);
        m.put("kl", 0.001 * s);
        m.put("entropy", 1.0 - 0.02 * s);
        m.put("clip_fraction", 0.03);
        m.put("rollout_tokens_per_s", 12_000.0 + s);
        m.put("grad_norm", 0.5);
        if (s % 3 == 0) {
            m.put("eval_accuracy", 0.2 * s / 3);
        }
        return m;
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
        dashboard = new DashboardView(new DashboardViewModel(store, new SameThreadTasks(), Platform::runLater));
        stage.setScene(new Scene(dashboard, 1000, 700));
        stage.show();
    }

    @Test
    void showsEveryStandardMetricAtOnceGrowsLiveAndZoomsOnAClick(FxRobot robot) throws Exception {
        robot.interact(() -> dashboard.show(run.id()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> points("reward", "reward_mean") == 6);
        assertTrue(dashboard.showsGrid(), "the grid is the default view");
        assertEquals(List.of("warm start loss", "reward", "accuracy (training samples)", "held-out accuracy",
                        "response length (tokens)", "KL to the reference", "entropy (nats)", "clip fraction", "tokens/s"),
                onFx(() -> dashboard.grid().shownPanels().stream().map(MetricPanel::title).toList()),
                "the warm start's loss is the first phase; metrics outside the standard set get no panel");
        assertEquals(40, points("warm start loss", MetricPanel.WARM_START_LOSS));
        assertEquals(2, points("held-out accuracy", "eval_accuracy"));

        // live: a step written by the trainer reaches the grid without any action
        store.addStepMetrics(run.id(), 7, rlStep(7));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> points("KL to the reference", "kl") == 7);

        WaitForAsyncUtils.waitForFxEvents();
        assertInsideTheWindow();

        robot.clickOn(onFx(() -> dashboard.grid().panelOf("KL to the reference")));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(dashboard.showsGrid(), "a click on a panel zooms");
        assertEquals(7, onFx(() -> dashboard.mainChart().curve("kl").getDataCount()), "the zoom shows the clicked metric");
        robot.clickOn("#dashboard-grid-mode");
        assertTrue(dashboard.showsGrid());
    }

    /** Every chart of the grid lies inside the window: none runs off the right (or bottom) edge. */
    private void assertInsideTheWindow() throws Exception {
        double width = stage.getScene().getWidth();
        for (MetricPanel p : onFx(() -> dashboard.grid().shownPanels())) {
            Bounds b = onFx(() -> {
                Node chart = dashboard.grid().chartOf(p.title());
                return chart.localToScene(chart.getBoundsInLocal());
            });
            assertTrue(b.getWidth() > 100 && b.getHeight() > 100, p.title() + " is drawn at a usable size: " + b);
            assertTrue(b.getMinX() >= 0 && b.getMaxX() <= width + 0.5, p.title() + " inside the window (width " + width + "): " + b);
        }
    }

    private int points(String panel, String curve) throws Exception {
        return onFx(() -> {
            CurveChart chart = dashboard.grid().chartOf(panel);
            DataSet ds = chart == null ? null : chart.curve(curve);
            return ds == null ? 0 : ds.getDataCount();
        });
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }
}
