package dev.rwb.app;

import dev.rwb.app.compare.CompareViewModel;
import dev.rwb.app.dashboard.DashboardViewModel;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.app.uncertainty.UncertaintyViewModel;
import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.simulate.SampleInstaller;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The screens' view models answer from the real sample DB without any view (no FX thread). */
class ScreenViewModelsTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    static List<RunInfo> runs;

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("samples.db"));
        runs = SampleInstaller.install(store, new SampleGenerator(7).generate());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void compareLoadsMetricsOfTheTickedRunsAndDiffsTheirConfigs() {
        CompareViewModel model = new CompareViewModel(store, new SameThreadTasks());
        model.refreshRuns();
        assertEquals(runs.size(), model.runs().size());
        model.select(model.runs().subList(0, 1));
        assertEquals("Tick two or more runs.", model.statusProperty().get());
        assertEquals(List.of(), model.diffProperty().get().rows(), "one run has nothing to differ from");

        model.select(List.copyOf(model.runs()));
        assertEquals("reward_mean", model.metricProperty().get(), "the reward is the first choice");
        assertEquals(runs.size(), model.curvesProperty().get().size());
        for (CompareViewModel.Curve c : model.curvesProperty().get()) {
            long id = runs.stream().filter(r -> r.name().equals(c.run())).findFirst().orElseThrow().id();
            long steps = store.stepMetrics(id).stream().filter(m -> m.name().equals("reward_mean")).count();
            assertEquals(steps, c.steps().length, c.run());
        }
        List<String> paths = model.diffProperty().get().rows().stream().map(r -> r.path()).toList();
        assertTrue(paths.stream().anyMatch(p -> p.startsWith("mask")), "the samples differ in masking: " + paths);
        assertTrue(model.statusProperty().get().endsWith(paths.size() + " differing fields"), model.statusProperty().get());

        model.metricProperty().set("no such metric");
        assertEquals(List.of(), model.curvesProperty().get(), "a metric no run has draws nothing");
    }

    @Test
    void uncertaintyComputesBeforeAndElsewhereAndSaysSo() {
        UncertaintyViewModel model = new UncertaintyViewModel(store, new SameThreadTasks());
        assertNull(model.resultProperty().get());
        model.refreshRuns();
        RunSummary first = model.runs().get(0);
        model.load(first, 4);
        assertEquals(4, model.resultProperty().get().k());
        assertTrue(model.resultProperty().get().total().beforeCount() > 0);
        assertTrue(model.summaryProperty().get().startsWith(first.run().name() + ": before tool calls "),
                model.summaryProperty().get());
    }

    @Test
    void dashboardFollowsARunUntilEveryStoredStepIsInItsHistory() throws InterruptedException {
        long id = runs.get(0).id();
        int steps = (int) store.stepMetrics(id).stream().map(m -> m.step()).distinct().count();
        try (DashboardViewModel model = new DashboardViewModel(store, new SameThreadTasks(), Runnable::run)) {
            CountDownLatch complete = new CountDownLatch(1);
            model.follow(id, () -> {
                if (model.history().stepCount() == steps) {
                    complete.countDown();
                }
            });
            assertEquals(id, model.shownRunProperty().get());
            assertTrue(complete.await(10, TimeUnit.SECONDS), "history never reached " + steps + " steps");
            assertTrue(model.history().has("reward_mean"));
        }
    }
}
