package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.TestTrajectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two writers on one DB file (two trainers of an A/B pair): transactions wait for each other instead of failing. */
class ConcurrentWritersTest {
    @Test
    void twoStoresOnOneFileWriteConcurrently(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("shared.db");
        WorkbenchStore.open(db).close();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> jobs = new ArrayList<>();
        for (String run : List.of("A", "B")) {
            jobs.add(pool.submit(() -> {
                try (WorkbenchStore store = WorkbenchStore.open(db)) {
                    long id = store.createRun(run, "rl", "{}").id();
                    for (int step = 1; step <= 40; step++) {
                        // read-then-write transactions, as a trainer does each step
                        store.insert(TestTrajectories.searchEpisode(run, step, "g" + step, 0, 1.0, true, "Ada"));
                        store.addStepMetrics(id, step, Map.of("reward_mean", (double) step));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            for (String run : List.of("A", "B")) {
                assertEquals(40, store.stepMetrics(store.findRun(run).orElseThrow().id()).size());
            }
        }
    }
}
