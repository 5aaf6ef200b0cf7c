package dev.rwb.app.compare;

import dev.rwb.app.dashboard.DashboardView;
import dev.rwb.app.dashboard.DashboardViewModel;
import dev.rwb.app.runs.TrainerCommandLine;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.app.uncertainty.UncertaintyView;
import dev.rwb.app.uncertainty.UncertaintyViewModel;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tab;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dashboard, compare, what-if and uncertainty screens on the real sample runs (rwb samples, seed 7). */
@ExtendWith(ApplicationExtension.class)
class AnalysisScreensGuiTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    static List<RunInfo> runs;
    DashboardView dashboard;
    CompareView compare;
    WhatIfMaskingView whatIf;
    UncertaintyView uncertainty;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("samples.db"));
        runs = SampleInstaller.install(store, new SampleGenerator(7).generate());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Start
    void start(Stage stage) {
        SameThreadTasks tasks = new SameThreadTasks();
        dashboard = new DashboardView(new DashboardViewModel(store, tasks, Platform::runLater));
        compare = new CompareView(new CompareViewModel(store, tasks), TrainerCommandLine.ofThisJvm(), dir.resolve("configs"));
        whatIf = new WhatIfMaskingView();
        uncertainty = new UncertaintyView(new UncertaintyViewModel(store, tasks));
        TabPane tabs = new TabPane(new Tab("Dashboard", dashboard), new Tab("Compare", compare),
                new Tab("What-if", whatIf), new Tab("Uncertainty", uncertainty));
        stage.setScene(new Scene(tabs, 1200, 760));
        stage.show();
    }

    @Test
    void dashboardChartsEveryStoredStep() throws Exception {
        long id = runs.get(0).id();
        int steps = (int) store.stepMetrics(id).stream().map(m -> m.step()).distinct().count();
        WaitForAsyncUtils.asyncFx(() -> dashboard.show(id));
        // Chart state is read on the FX thread, where the poller's batches are applied.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() ->
                count("reward_mean") == steps && count("reward_mean (EMA)") == steps).get());
        dashboard.close();
    }

    private int count(String curve) {
        var ds = dashboard.mainChart().curve(curve);
        return ds == null ? -1 : ds.getDataCount();
    }

    @Test
    void compareOverlaysTwoRunsAndDiffsOnlyDifferingFields(FxRobot robot) {
        robot.interact(() -> compare.check(runs.stream().map(RunInfo::id).toList()));
        for (RunInfo r : runs) {
            assertNotNull(compare.chart().curve(r.name()), r.name());
            long steps = store.stepMetrics(r.id()).stream().filter(m -> m.name().equals("reward_mean")).count();
            assertEquals(steps, compare.chart().curve(r.name()).getDataCount());
        }
        List<String> paths = compare.diffTable().getItems().stream().map(ConfigDiff.Row::path).toList();
        assertTrue(paths.stream().anyMatch(p -> p.startsWith("mask")), "the samples differ in masking: " + paths);
        assertTrue(!paths.contains("name"));
        assertEquals(3, compare.diffTable().getColumns().size(), "field + one column per run");
    }

    @Test
    void whatIfUnmaskingToolResponsesGivesThemContributions(FxRobot robot) {
        Trajectory t = store.load(store.query(TrajectoryQuery.builder().run(runs.get(0).name()).toolCallRange(1, null)
                .page(0, 1).build()).rows().get(0).id());
        robot.interact(() -> {
            whatIf.show(t);
            whatIf.policyChooser().setValue(MaskPolicy.NO_MASKING);
        });
        WhatIfMasking r = whatIf.result();
        int tool = -1;
        for (int i = 0; i < t.tokens().length(); i++) {
            if (t.tokens().roles()[i] == Role.TOOL_RESPONSE) {
                tool = i;
                break;
            }
        }
        assertTrue(tool >= 0);
        assertEquals(0f, r.before().contributions()[tool], 0, "masked in the stored run");
        assertEquals(1f, r.afterWeights()[tool], 0);
        assertEquals(Math.signum(t.tokens().advantages()[tool]), Math.signum(r.difference()[tool]), 0);
        assertTrue(r.ratios().derived() > 0, "ratios recovered from stored contributions");
    }

    @Test
    void uncertaintyComparesEntropyBeforeToolCallsWithElsewhere(FxRobot robot) {
        robot.interact(() -> uncertainty.show(runs.get(0).id()));
        assertNotNull(uncertainty.result());
        assertTrue(uncertainty.result().total().beforeCount() > 0);
        assertTrue(uncertainty.chart().curve("elsewhere").getDataCount() >= 2);
    }
}
