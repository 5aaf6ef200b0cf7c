package dev.rwb.app.runs;

import dev.rwb.app.dashboard.CurveChart;
import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.app.dashboard.DashboardViewModel;
import dev.rwb.app.runlist.RunLabels;
import dev.rwb.app.task.FxBackgroundTasks;
import dev.rwb.engine.store.WorkbenchStore;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
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
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A launch with a warm start, fed by a child trainer process that prints the real protocol's lines
 * ({@code run}, then {@code warm_start} progress, then {@code started} and {@code step}): the
 * dashboard switches to the run on its first line, says the phase ("warm start 120/300 · ETA …",
 * then "RL step 3/6"), and draws the warm start's loss as the first panel.
 */
@ExtendWith(ApplicationExtension.class)
class WarmStartPhaseGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    static final FxBackgroundTasks tasks = new FxBackgroundTasks(2);
    RunsWorkspace workspace;

    @BeforeAll
    static void open() {
        store = WorkbenchStore.open(dir.resolve("warm.db"));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        TrainerCommandLine fake = new TrainerCommandLine(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), FakeTrainer.class.getName(),
                List.of("-Dfake.stepMillis=150", "-Dfake.warmPhases=2"));
        DashboardView dashboard = new DashboardView(new DashboardViewModel(store, tasks, Platform::runLater));
        workspace = new RunsWorkspace(store.file(), dashboard, fake, dir.resolve("no-presets"), dir.resolve("configs"));
        stage.setScene(new Scene(workspace, 1260, 780));
        stage.show();
    }

    /** Every progress line and dashboard phase line shown, in order (a line can be shown for 150 ms only). */
    final List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> phases = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void theDashboardSwitchesAtOnceAndSaysThePhase(FxRobot robot) throws Exception {
        long before = workspace.dashboard().selectedRunId();
        robot.interact(() -> {
            workspace.session().progressTextProperty().addListener((obs, o, t) -> progress.add(t));
            workspace.dashboard().phaseTextProperty().addListener((obs, o, t) -> phases.add(t));
        });
        onFx(() -> {
            workspace.session().launch("{\"name\":\"warm-run\",\"steps\":6,\"warm_start\":{\"steps\":600}}", "warm-run");
            return null;
        });
        waitForProgress("warm start phase 1/2 · 1");
        long run = store.findRun("warm-run").orElseThrow().id();
        // switched during the warm start, long before the first RL step
        assertEquals(run, onFx(() -> workspace.dashboard().selectedRunId()), "was showing " + before);
        assertTrue(phases.stream().anyMatch(p -> p.matches("warm-run · warm start phase 1/2 · \\d+/300 · ETA \\d+ s")),
                phases.toString());
        assertTrue(onFx(() -> workspace.dashboard().grid().shownPanels().isEmpty()
                || workspace.dashboard().grid().shownPanels().get(0).title().equals("warm start loss")));

        waitForProgress("warm start phase 2/2");
        waitForProgress("RL step 3/6");
        assertTrue(phases.stream().anyMatch(p -> p.startsWith("warm-run · RL step 3/6 · ETA")), phases.toString());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> workspace.session().stateProperty().get() == RunState.FINISHED);
        // the whole warm start's loss curve, 60 reports at global warm-start steps 10..600, then the RL panels
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> {
            CurveChart loss = workspace.dashboard().grid().chartOf("warm start loss");
            return loss != null && loss.curve("warm_start/loss").getDataCount() == 60
                    && workspace.dashboard().grid().chartOf("reward").curve("reward_mean").getDataCount() == 6;
        }));
        assertEquals("warm start loss", onFx(() -> workspace.dashboard().grid().shownPanels().get(0).title()));
        assertEquals(600.0, onFx(() -> workspace.dashboard().grid().chartOf("warm start loss").curve("warm_start/loss").get(0, 59)));
    }

    @Test
    void aRunStoppedBeforeItsFirstStepIsMarkedEmpty(FxRobot robot) throws Exception {
        onFx(() -> {
            workspace.session().launch("{\"name\":\"slow-stop\",\"steps\":5}", "slow-stop");
            return null;
        });
        // the run exists (its start line came) but no step is recorded yet: a slow- run's first step takes 5 s
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> onFx(() -> workspace.session().runIdProperty().get() >= 0));
        robot.interact(() -> workspace.session().stop());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workspace.session().stateProperty().get() == RunState.STOPPED);
        long id = workspace.session().runIdProperty().get();
        assertTrue(store.stepMetrics(id).isEmpty(), "stopped before step 1");
        @SuppressWarnings("unchecked")
        ComboBox<dev.rwb.engine.store.RunSummary> runs = robot.lookup("#dashboard-run").queryAs(ComboBox.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> runs.getItems().stream()
                .anyMatch(r -> r.run().id() == id && RunLabels.isEmptyStopped(r))));
        String label = onFx(() -> runs.getConverter().toString(
                runs.getItems().stream().filter(r -> r.run().id() == id).findFirst().orElseThrow()));
        assertEquals("slow-stop  (#" + id + ", empty (stopped before step 1)) · GPT tiny", label);
        assertEquals("stopped", store.run(id).status(), "the stop is recorded in the DB for every run list");
    }

    /** Waits (up to 90 s: the machine may be loaded) for the progress line to start with {@code prefix}. */
    private void waitForProgress(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (progress.stream().anyMatch(p -> p.startsWith(prefix))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("progress never read '" + prefix + "…'; it read " + progress + ", log "
                + onFx(() -> List.copyOf(workspace.session().log())));
    }

    private String text(String id) {
        return ((Label) workspace.lookup(id)).getText();
    }

    private static <T> T onFx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    }
}
