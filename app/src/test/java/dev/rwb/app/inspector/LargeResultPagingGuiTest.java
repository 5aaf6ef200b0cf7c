package dev.rwb.app.inspector;

import dev.rwb.app.runs.FxStallMonitor;
import dev.rwb.app.runs.ThreadSchedule;
import dev.rwb.app.task.FxBackgroundTasks;
import dev.rwb.engine.simulate.BenchCorpus;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inspector's table on a 100,000-row DB with the real background tasks: a filter and a page
 * change come back within a generous bound (the machine may be shared), the table pages without
 * counting every page, the count shows "≥ 10,000" until the exact count is in, j moves the selection,
 * and a page's hand-over to the table is short on the FX thread (runLater probes and pulse gaps are
 * printed beside an idle baseline, as the runs workspace test reports them).
 */
@ExtendWith(ApplicationExtension.class)
class LargeResultPagingGuiTest {
    static final int ROWS = 100_000;
    /** Generous: a loaded 2-core box runs the suite beside other builds; idle figures are in docs/BENCHMARKS.md. */
    static final long BOUND_MS = 10_000;
    /**
     * Our own work on the FX thread per page (rows into the table), generous for a loaded box; the
     * aim, a stall under 50 ms, is measured on an idle machine (docs/BENCHMARKS.md). Probe latency
     * and pulse gaps are printed beside an idle baseline: under load they measure the scheduler.
     */
    static final double OUR_FX_BOUND_MS = 250;
    /** Prism's render thread: the FX thread waits for it to finish the previous frame before a pulse. */
    static final String RENDERER = "QuantumRenderer";

    @TempDir
    static Path dir;
    static WorkbenchStore store;
    FxBackgroundTasks tasks;
    InspectorView view;
    InspectorViewModel model;

    @BeforeAll
    static void build() {
        store = WorkbenchStore.open(dir.resolve("large.db"));
        BenchCorpus corpus = new BenchCorpus(9);
        long t0 = System.nanoTime();
        long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        for (int start = 0; start < ROWS; start += 5_000) {
            List<Trajectory> batch = new ArrayList<>(5_000);
            for (int i = start; i < start + 5_000; i++) {
                batch.add(corpus.trajectory(i, 40));
            }
            store.insertAll(batch);
        }
        System.out.printf("LargeResultPagingGuiTest: %,d rows written in %.1f s (%.1f s CPU)%n", ROWS,
                (System.nanoTime() - t0) / 1e9,
                (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9);
    }

    @AfterAll
    static void close() {
        store.close();
        javafx.application.Application.setUserAgentStylesheet(null);
    }

    @Start
    void start(Stage stage) {
        // the app's theme (WorkbenchApp sets it): under Modena the workbench stylesheet's AtlantaFX
        // colour names do not resolve, and JavaFX logs a warning per cell on the FX thread, which the
        // app never does
        javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        tasks = new FxBackgroundTasks(2);
        model = new InspectorViewModel(store, tasks);
        view = InspectorStage.show(stage, model);
    }

    @AfterEach
    void stopTasks() {
        tasks.close();
    }

    /** Runs {@code action} on the FX thread and waits until it calls back; returns the milliseconds. */
    private static long timed(java.util.function.Consumer<Runnable> action) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        long t0 = System.nanoTime();
        Platform.runLater(() -> action.accept(done::countDown));
        assertTrue(done.await(60, TimeUnit.SECONDS), "no answer within a minute");
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void aFilterAndAPageChangeStayResponsiveOnAHundredThousandRows(FxRobot robot) throws Exception {
        long open = timed(done -> model.refresh(done));
        assertEquals(TrajectoryListViewModel.PAGE_SIZE, model.list().rows().size());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.list().totalProperty().get() == ROWS);
        assertEquals("100,000", model.list().countTextProperty().get());
        long expected = store.count(TrajectoryQuery.builder().task("countdown").build(), Long.MAX_VALUE);
        String expectedText = String.format(java.util.Locale.ROOT, "%,d", expected);

        FxStallMonitor baseline = new FxStallMonitor();
        try (baseline) {
            Thread.sleep(2_000);
        }
        model.list().resetFxTiming();
        String fxThread = WaitForAsyncUtils.asyncFx(() -> Thread.currentThread().getName()).get();
        ThreadSchedule firstRound = ThreadSchedule.begin();
        FxStallMonitor stalls = new FxStallMonitor();
        long filter;
        long page;
        int clicked;
        try (stalls) {
            filter = timed(done -> {
                model.filter().taskProperty().set("countdown");
                model.applyFilter(done);
            });
            String meanwhile = model.list().countTextProperty().get();
            assertTrue(meanwhile.equals("≥ 10,000") || meanwhile.equals(expectedText), meanwhile);
            page = timed(done -> assertTrue(model.list().nextPage(done)));
            assertEquals(200, model.list().offsetProperty().get());
            robot.clickOn("#page-next");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.list().offsetProperty().get() == 400);
            robot.clickOn(view.table());
            WaitForAsyncUtils.waitForFxEvents();
            clicked = view.table().getSelectionModel().getSelectedIndex();
            robot.type(KeyCode.J, 3);
            WaitForAsyncUtils.waitForFxEvents();
        }
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.list().totalProperty().get() == expected);
        assertEquals(expectedText, model.list().countTextProperty().get());
        assertTrue(model.list().rows().stream().allMatch(r -> r.task().equals("countdown")));
        assertEquals(clicked + 3, view.table().getSelectionModel().getSelectedIndex(), "j moved the selection by one row");
        double ours = model.list().longestFxMillis();
        System.out.printf(java.util.Locale.ROOT, "LargeResultPagingGuiTest: open %d ms, filter %d ms, next page %d ms; "
                        + "FX thread: our page hand-over at most %.1f ms, runLater latency max %.0f ms / pulse gap max "
                        + "%.0f ms (idle baseline on the same screen: %.0f / %.0f ms); load %s%n", open, filter, page, ours,
                stalls.maxProbeMillis(), stalls.maxPulseGapMillis(), baseline.maxProbeMillis(),
                baseline.maxPulseGapMillis(), java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("LargeResultPagingGuiTest, first round's threads: " + firstRound.since(fxThread, RENDERER, "rwb-background"));
        // the same actions again on another task: the first round includes first-use work on the FX thread
        // (class loading, CSS of the first rows shown; a JFR profile of the first round showed those), this
        // round what a user meets from then on
        ThreadSchedule secondRound = ThreadSchedule.begin();
        FxStallMonitor warm = new FxStallMonitor();
        long warmFilter;
        try (warm) {
            warmFilter = timed(done -> {
                model.filter().taskProperty().set("arithmetic");
                model.applyFilter(done);
            });
            timed(done -> assertTrue(model.list().nextPage(done)));
            robot.clickOn("#page-next");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.list().offsetProperty().get() == 400);
            robot.clickOn(view.table());
            robot.type(KeyCode.J, 3);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertTrue(model.list().rows().stream().allMatch(r -> r.task().equals("arithmetic")));
        System.out.printf(java.util.Locale.ROOT, "LargeResultPagingGuiTest, second round (another task, warm): filter %d ms; "
                + "runLater latency max %.0f ms / pulse gap max %.0f ms%n", warmFilter, warm.maxProbeMillis(),
                warm.maxPulseGapMillis());
        System.out.println("LargeResultPagingGuiTest, second round's threads: " + secondRound.since(fxThread, RENDERER, "rwb-background"));
        steadyState(robot);
        assertTrue(filter < BOUND_MS, "filter took " + filter + " ms");
        assertTrue(page < BOUND_MS, "page change took " + page + " ms");
        assertTrue(ours < OUR_FX_BOUND_MS, "a page took " + ours + " ms on the FX thread");
    }

    /** Rounds after the first two, by then the JIT and the first CSS are done: what a user meets from then on. */
    static final int STEADY_ROUNDS = 4;

    /**
     * The same steps again, {@link #STEADY_ROUNDS} more rounds on alternating tasks, each step with its
     * own stall monitor (as issue 6 measured: the largest pulse gap while the step runs and settles), and
     * the largest gap of each step over those rounds printed. Not asserted: a loaded 2-core box measures
     * its scheduler here; the figures of an idle machine are in docs/BENCHMARKS.md.
     */
    private void steadyState(FxRobot robot) throws Exception {
        java.util.Map<String, Double> worst = new java.util.LinkedHashMap<>();
        for (int round = 0; round < STEADY_ROUNDS; round++) {
            String task = round % 2 == 0 ? "countdown" : "arithmetic";
            step(worst, "filter", () -> timed(done -> {
                model.filter().taskProperty().set(task);
                model.applyFilter(done);
            }));
            step(worst, "next page", () -> timed(done -> assertTrue(model.list().nextPage(done))));
            step(worst, "page-next click", () -> {
                robot.clickOn("#page-next");
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.list().offsetProperty().get() == 400);
            });
            step(worst, "click into the table", () -> robot.clickOn(view.table()));
            step(worst, "j", () -> robot.type(KeyCode.J));
            step(worst, "k", () -> robot.type(KeyCode.K));
            step(worst, "idle", () -> Thread.sleep(300));
        }
        System.out.println("LargeResultPagingGuiTest, steady state (" + STEADY_ROUNDS + " more rounds), largest pulse gap "
                + "per step: " + worst.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT, "%s %.0f ms",
                e.getKey(), e.getValue())).collect(java.util.stream.Collectors.joining(", ")));
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(java.util.Map<String, Double> worst, String name, Step step) throws Exception {
        FxStallMonitor monitor = new FxStallMonitor();
        try (monitor) {
            step.run();
            WaitForAsyncUtils.waitForFxEvents();
            // the step's last frames: what it asked the FX thread to lay out and draw
            Thread.sleep(150);
        }
        worst.merge(name, monitor.maxPulseGapMillis(), Math::max);
    }
}
