package dev.rwb.app.runs;

import dev.rwb.app.compare.WhatIfMaskingView;
import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.app.dashboard.DashboardViewModel;
import dev.rwb.app.task.FxBackgroundTasks;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;
import io.fair_acc.dataset.DataSet;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Train screen under headless Monocle, launching a real child JVM (the fake trainer, which
 * writes step metrics into the same SQLite file the screen polls).
 */
@ExtendWith(ApplicationExtension.class)
class RunsWorkspaceGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    RunsWorkspace workspace;

    @BeforeAll
    static void open() {
        store = WorkbenchStore.open(dir.resolve("runs.db"));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    // Real background threads, as in the app: a live run must not be measured with DB reads on the FX thread.
    static final FxBackgroundTasks tasks = new FxBackgroundTasks(2);

    @Start
    void start(Stage stage) {
        TrainerCommandLine fake = new TrainerCommandLine(Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"), FakeTrainer.class.getName(), List.of("-Dfake.stepMillis=120"));
        DashboardView dashboard = new DashboardView(new DashboardViewModel(store, tasks, Platform::runLater));
        workspace = new RunsWorkspace(store.file(), dashboard, fake, dir.resolve("no-presets"), dir.resolve("configs"));
        stage.setScene(new Scene(workspace, 1200, 760));
        stage.show();
    }

    @Test
    void launchesATinyRunSeesMetricsArriveAndStopsIt(FxRobot robot) throws Exception {
        robot.clickOn("#field-name").eraseText(10).write("gui-run");
        set(robot, "steps", "200");
        set(robot, "algorithm-group-size", "2");
        set(robot, "algorithm-prompts-per-step", "2");
        assertFalse(workspace.controls().launchButton().isDisabled(), "valid config enables Launch");
        List<String> stalls = new ArrayList<>();
        try (FxStallMonitor launchPhase = new FxStallMonitor()) {
            robot.clickOn("#run-launch");
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> points("reward_mean") >= 5);
            stalls.add(describe("launch (child JVM start-up, first chart layout)", launchPhase));
            stalls.add(ours("launch"));
        }
        workspace.session().resetUiTiming();
        workspace.dashboard().resetUiTiming();
        try (FxStallMonitor live = new FxStallMonitor()) {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> points("eval_accuracy", workspace.dashboard().evalChart()) >= 1);
            assertEquals(RunState.RUNNING, workspace.session().stateProperty().get());
            assertTrue(robot.lookup("#run-progress-text").queryAs(Label.class).getText().matches("RL step \\d+/200.*ETA.*"));
            assertTrue(workspace.session().progressProperty().get() > 0);
            Thread.sleep(3000);
            stalls.add(describe("live run, steady state (" + points("reward_mean") + " steps charted)", live));
        }
        stalls.add(ours("live run, steady state"));
        robot.clickOn("#run-stop");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> workspace.session().stateProperty().get() == RunState.STOPPED);
        try (FxStallMonitor idle = new FxStallMonitor()) {
            Thread.sleep(3000);
            stalls.add(describe("baseline, same screen, no run live", idle));
        }
        assertTrue(workspace.session().log().stream().anyMatch(l -> l.startsWith("step ")), "stderr reached the log panel");
        assertTrue(points("reward_mean (EMA)") >= 5, "the smoothed curve follows");
        long id = workspace.session().runIdProperty().get();
        assertEquals(store.findRun("gui-run").orElseThrow().id(), id);
        // Open one of the run's trajectories (what the inspector does) in the what-if view.
        var rows = store.query(TrajectoryQuery.builder().run("gui-run").page(0, 5).build()).rows();
        assertFalse(rows.isEmpty(), "the live run wrote trajectories");
        Trajectory opened = store.load(rows.get(0).id());
        WhatIfMaskingView whatIf = new WhatIfMaskingView();
        robot.interact(() -> whatIf.show(opened));
        assertEquals(opened.tokens().length(), whatIf.result().afterWeights().length);
        Path report = Path.of("target", "fx-stall.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, String.join("\n", stalls) + "\n");
        System.out.println("FX stall: " + stalls);
        // Not a timing assertion: a loose sanity bound only (the figure is recorded, not asserted).
        assertTrue(workspace.session().errorProperty().get().isEmpty());

        // Stopped mid-run: where it stopped, the checkpoint behind Resume, a determinate bar.
        String stopped = robot.lookup("#run-progress-text").queryAs(Label.class).getText();
        assertTrue(stopped.matches("stopped at step \\d+ of 200 · checkpoint at step 0 \\(Resume continues there\\)"), stopped);
        assertFalse(workspace.controls().resumeButton().isDisabled(), "a checkpoint is there to resume");
        assertTrue(workspace.session().progressProperty().get() >= 0, "no animated bar after Stop");

        // The same config launched again gets a fresh name; stopped before its first checkpoint, nothing resumes.
        robot.clickOn("#run-launch");
        robot.clickOn("#run-stop");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> workspace.session().stateProperty().get() == RunState.STOPPED);
        assertEquals("gui-run-2", workspace.session().runNameProperty().get());
        assertTrue(robot.lookup("#runs-notice").queryAs(Label.class).getText().startsWith("Launched gui-run-2"));
        if (!workspace.session().resumableProperty().get()) {
            assertTrue(workspace.controls().resumeButton().isDisabled(), "nothing to resume: Resume is off");
            assertTrue(robot.lookup("#run-progress-text").queryAs(Label.class).getText().endsWith("nothing to resume"));
        }
    }

    @Test
    void aTrainerThatFailsShowsItsExitCodeAndErrorAndTheScreenStaysUsable(FxRobot robot) throws Exception {
        set(robot, "name", "bad-run");
        set(robot, "model-checkpoint", dir.resolve("missing-checkpoint").toString());
        robot.clickOn("#run-launch");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> workspace.session().stateProperty().get() == RunState.FAILED);
        WaitForAsyncUtils.waitForFxEvents();
        Label error = robot.lookup("#run-error").queryAs(Label.class);
        assertTrue(error.isVisible());
        assertTrue(error.getText().contains("exited with code 1"), error.getText());
        assertTrue(error.getText().contains("checkpoint directory not found"), error.getText());
        assertFalse(workspace.controls().launchButton().isDisabled(), "the screen stays usable after a failure");
    }

    @Test
    void invalidValuesShowTheEnginesMessageNextToTheField(FxRobot robot) {
        set(robot, "clip-eps-low", "1.5");
        Label error = robot.lookup("#error-clip-eps-low").queryAs(Label.class);
        assertTrue(error.isVisible());
        assertTrue(error.getText().contains("(0, 1)"), error.getText());
        assertTrue(workspace.controls().launchButton().isDisabled(), "Launch waits for a valid config");
        set(robot, "clip-eps-low", "0.2");
        assertFalse(error.isVisible());
    }

    @Test
    void maskPresetChangesThePreview(FxRobot robot) {
        int toolResponse = firstOf(Role.TOOL_RESPONSE);
        assertEquals(0f, workspace.form().lookup("#mask-preset") == null ? -1 : preview()[toolResponse]);
        robot.interact(() -> robot.lookup("#mask-preset").queryAs(ComboBox.class).setValue("no_masking"));
        assertEquals(1f, preview()[toolResponse]);
        assertEquals(dev.rwb.engine.config.MaskPreset.NO_MASKING, workspace.document().configProperty().get().mask().preset());
        robot.interact(() -> robot.lookup("#weight-answer").queryAs(javafx.scene.control.Spinner.class)
                .getValueFactory().setValue(0.5));
        assertEquals(dev.rwb.engine.config.MaskPreset.CUSTOM, workspace.document().configProperty().get().mask().preset());
        assertEquals(0.5, workspace.document().configProperty().get().mask().weights().get("ANSWER"));
        assertEquals(0.5f, preview()[firstOf(Role.ANSWER)]);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMaskPreviewShowsAnEpisodeOfTheChosenTask(FxRobot robot) {
        MaskPreview preview = ((MaskPolicyEditor) workspace.form().lookup("#mask-preset").getParent().getParent()).preview();
        assertTrue(String.join("", preview.sample().tokenText()).contains("<search>"), "kb-search by default");
        robot.interact(() -> robot.lookup("#field-task-name").queryAs(ComboBox.class).setValue("arithmetic"));
        String text = String.join("", preview.sample().tokenText());
        assertTrue(text.contains("<calc>") && text.contains("<result>") && !text.contains("<search>"), text);
        int result = java.util.Arrays.asList(preview.sample().tokenText()).indexOf("<result>");
        assertEquals(Role.TOOL_RESPONSE, preview.sample().roles()[result]);
        assertEquals(0f, preview.weights()[result], "the calculator's answer is masked like any tool response");
        robot.interact(() -> robot.lookup("#field-task-name").queryAs(ComboBox.class).setValue("countdown"));
        assertTrue(String.join("", preview.sample().tokenText()).contains("make 46"));
    }

    private String ours(String phase) {
        return String.format(Locale.ROOT, "%s, our code on the FX thread: longest process-update batch %.1f ms, "
                + "longest metric batch (history + chart data) %.1f ms", phase, workspace.session().longestUiBatchMillis(),
                workspace.dashboard().longestUiBatchMillis());
    }

    private static String describe(String phase, FxStallMonitor m) {
        return String.format(Locale.ROOT, "%s: max FX runLater latency %.1f ms, max pulse gap %.1f ms, %d probes",
                phase, m.maxProbeMillis(), m.maxPulseGapMillis(), m.probes());
    }

    private float[] preview() {
        return ((MaskPolicyEditor) workspace.form().lookup("#mask-preset").getParent().getParent()).preview().weights();
    }

    private static int firstOf(Role role) {
        Role[] roles = PreviewTrajectory.sample().roles();
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] == role) {
                return i;
            }
        }
        throw new AssertionError(role);
    }

    private void set(FxRobot robot, String id, String value) {
        robot.interact(() -> robot.lookup("#field-" + id).queryAs(TextField.class).setText(value));
    }

    private int points(String curve) {
        return points(curve, workspace.dashboard().mainChart());
    }

    /** Points of a curve, read on the FX thread (where the chart's data sets change). */
    private static int points(String curve, dev.rwb.app.dashboard.CurveChart chart) {
        try {
            return WaitForAsyncUtils.asyncFx(() -> {
                DataSet ds = chart.curve(curve);
                return ds == null ? 0 : ds.getDataCount();
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
