package dev.rwb.app.inspector;

import dev.rwb.app.TestTrajectories;
import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inspector's view models against a real SQLite store, on one thread. */
class InspectorViewModelTest {
    @TempDir
    static Path dir;
    static WorkbenchStore store;
    static List<Trajectory> inserted = new ArrayList<>();

    @BeforeAll
    static void seed() {
        store = WorkbenchStore.open(dir.resolve("vm.db"));
        TestTrajectories gen = new TestTrajectories(7);
        for (int step = 0; step < 10; step++) {
            inserted.addAll(gen.groups("big-run", step, 10, 5));
        }
        store.insertAll(inserted);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static InspectorViewModel model() {
        InspectorViewModel m = new InspectorViewModel(store, new SameThreadTasks());
        m.refresh(() -> { });
        return m;
    }

    @Test
    void theStatusLineTellsTheExactCountOnceItIsIn(@TempDir Path own) {
        try (WorkbenchStore big = WorkbenchStore.open(own.resolve("big.db"))) {
            dev.rwb.engine.simulate.BenchCorpus corpus = new dev.rwb.engine.simulate.BenchCorpus(3);
            List<Trajectory> rows = new ArrayList<>();
            for (int i = 0; i < TrajectoryListViewModel.QUICK_COUNT_CAP + 25; i++) {
                rows.add(corpus.trajectory(i, 20));
            }
            big.insertAll(rows);
            InspectorViewModel m = new InspectorViewModel(big, new SameThreadTasks());
            List<String> shown = new ArrayList<>();
            m.statusProperty().addListener((obs, old, now) -> shown.add(now));
            m.refresh(() -> { });
            // first the capped count, then the exact one: the status line must not stay at "≥ 10,000"
            assertTrue(shown.contains("≥ 10,000 trajectories match"), shown.toString());
            assertEquals("10,025 trajectories match", m.statusProperty().get(), shown.toString());
        }
    }

    @Test
    void pagesThroughAllRows() {
        InspectorViewModel m = model();
        assertEquals(500, m.list().totalProperty().get());
        assertEquals(TrajectoryListViewModel.PAGE_SIZE, m.list().rows().size());
        assertTrue(m.list().nextPage(() -> { }));
        assertTrue(m.list().nextPage(() -> { }));
        assertEquals(400, m.list().offsetProperty().get());
        assertEquals(100, m.list().rows().size());
        assertFalse(m.list().nextPage(() -> { }));
        assertTrue(m.list().previousPage(() -> { }));
        assertEquals(200, m.list().offsetProperty().get());
    }

    @Test
    void nextAndPreviousPagesSeekFromTheShownRowsAndShowWhatOffsetsShow() {
        InspectorViewModel m = model();
        m.list().sortBy(TrajectoryQuery.SortField.REWARD, false, () -> { });
        List<List<TrajectorySummary>> seen = new ArrayList<>();
        seen.add(List.copyOf(m.list().rows()));
        while (m.list().nextPage(() -> { })) {
            seen.add(List.copyOf(m.list().rows()));
        }
        assertEquals(3, seen.size());
        for (int k = 0; k < seen.size(); k++) {
            int offset = k * TrajectoryListViewModel.PAGE_SIZE;
            assertEquals(store.rows(TrajectoryQuery.builder().sort(TrajectoryQuery.SortField.REWARD, false)
                    .page(offset, TrajectoryListViewModel.PAGE_SIZE).build()).rows(), seen.get(k), "page at " + offset);
        }
        assertTrue(m.list().previousPage(() -> { }));
        assertEquals(seen.get(1), m.list().rows());
        assertTrue(m.list().hasMoreProperty().get(), "the page it came from follows");
        assertTrue(m.list().previousPage(() -> { }));
        assertEquals(seen.get(0), m.list().rows());
        assertEquals(0, m.list().offsetProperty().get());
        assertFalse(m.list().previousPage(() -> { }));
    }

    @Test
    void sortsOnTheServerAcrossPages() {
        InspectorViewModel m = model();
        m.list().sortBy(TrajectoryQuery.SortField.REWARD, false, () -> { });
        long correctCount = inserted.stream().filter(t -> t.reward() > 0).count();
        // Descending by reward: the first page holds only the best rewards of all 500 rows.
        assertTrue(m.list().rows().stream().allMatch(r -> r.reward() == 1.0));
        assertEquals(Math.min(200, correctCount), m.list().rows().stream().filter(r -> r.reward() == 1.0).count());
    }

    @Test
    void filtersByCorrectAndStepAndReportsBadFields() {
        InspectorViewModel m = model();
        m.filter().correctProperty().set(false);
        m.filter().minStepProperty().set("3");
        m.filter().maxStepProperty().set("4");
        m.applyFilter(() -> { });
        long expected = inserted.stream().filter(t -> !t.correct() && t.step() >= 3 && t.step() <= 4).count();
        assertEquals(expected, m.list().totalProperty().get());
        assertTrue(m.list().rows().stream().noneMatch(TrajectorySummary::correct));
        m.filter().minRewardProperty().set("abc");
        m.applyFilter(() -> { });
        assertEquals("reward from: 'abc' is not a number", m.filter().errorProperty().get());
        assertEquals(expected, m.list().totalProperty().get(), "a bad field must not run a query");
    }

    @Test
    void openingLoadsTokensAndTheWholeGroupWithAdvantages() {
        InspectorViewModel m = model();
        TrajectorySummary first = m.list().rows().get(0);
        m.open(first);
        assertEquals(first.id(), m.tokens().trajectoryProperty().get().id());
        assertEquals(5, m.group().size());
        for (GroupMember g : m.group()) {
            Trajectory stored = store.load(g.summary().id());
            int firstModel = stored.promptLength();
            assertEquals(stored.tokens().advantages()[firstModel], g.advantage(), 1e-6);
            assertEquals(first.groupId(), g.summary().groupId());
        }
    }
}
