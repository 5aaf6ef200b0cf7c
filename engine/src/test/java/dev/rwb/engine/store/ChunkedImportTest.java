package dev.rwb.engine.store;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.rl.train.RlTrainer;
import dev.rwb.engine.rl.train.TrainingListener;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writers do not starve each other (issue 17): an import commits in chunks that stay invisible
 * (status {@code importing}) until its last one, is removed completely on failure or when its
 * process died, and a training run on the same DB finishes while a long import is writing.
 */
class ChunkedImportTest {
    @TempDir
    Path dir;

    private static Trajectory episode(String run, int i) {
        return TestTrajectories.searchEpisode(run, i / 8, "g" + i / 8, i % 8, i % 2, i % 2 == 1, "Ada");
    }

    @Test
    void chunksStayHiddenUntilTheLastAndExistingRunsReceiveTheirRowsAtTheEnd() {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore importer = WorkbenchStore.open(db); WorkbenchStore reader = WorkbenchStore.open(db)) {
            importer.insert(episode("existing", 0));
            try (TrajectoryWriter w = importer.openWriter(10)) {
                for (int i = 0; i < 95; i++) {
                    w.write(episode(i % 2 == 0 ? "fresh" : "existing", i));
                }
                assertTrue(raw(db, "SELECT COUNT(*) FROM trajectories") >= 90, "chunks are committed as they go");
                assertEquals(1, reader.listRuns().size(), "the import's runs are hidden: " + reader.listRuns());
                assertEquals(1, reader.query(TrajectoryQuery.builder().build()).total(), "its rows too");
                // the table's page reads (join-free when no run is importing) see the import too, and hide it
                assertEquals(1, reader.rows(TrajectoryQuery.builder().build()).rows().size());
                assertEquals(1, reader.rows(TrajectoryQuery.builder().run("existing")
                        .sort(TrajectoryQuery.SortField.LENGTH, false).build()).rows().size());
                assertEquals(0, reader.rows(TrajectoryQuery.builder().run("fresh").build()).rows().size());
                assertEquals(1, reader.count(TrajectoryQuery.all(), Long.MAX_VALUE), "and from the counts");
                assertEquals(0, reader.count(TrajectoryQuery.builder().run("fresh").build(), 10));
                w.commit();
            }
            assertEquals(2, reader.listRuns().size());
            assertEquals(96, reader.query(TrajectoryQuery.builder().build()).total());
            assertEquals(48, reader.query(TrajectoryQuery.builder().runs(java.util.Set.of("existing")).build()).total());
            assertEquals(48, reader.rows(TrajectoryQuery.builder().run("existing").page(0, 100).build()).rows().size());
            assertEquals(96, reader.rows(TrajectoryQuery.builder().page(0, 200).build()).rows().size());
            assertEquals(96, reader.count(TrajectoryQuery.all(), Long.MAX_VALUE));
            assertEquals(48, reader.count(TrajectoryQuery.builder().run("existing").build(), 1000));
            assertEquals(2, raw(db, "SELECT COUNT(*) FROM runs"), "the staging run is gone");
        }
    }

    @Test
    void aFailedImportLeavesNothingAndAKilledOneIsRemovedOnNextOpen() throws Exception {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.insert(episode("existing", 0));
            try (TrajectoryWriter w = store.openWriter(4)) {
                for (int i = 0; i < 30; i++) {
                    w.write(episode(i % 2 == 0 ? "fresh" : "existing", i));
                }
                // closed without commit: the import failed
            }
            assertEquals(1, raw(db, "SELECT COUNT(*) FROM trajectories"));
            assertEquals(1, raw(db, "SELECT COUNT(*) FROM runs"));

            TrajectoryWriter killed = store.openWriter(4);
            for (int i = 0; i < 12; i++) {
                killed.write(episode("half", i));
            }
            // as if the importing process had been killed: its pid is one that has exited
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor(10, TimeUnit.SECONDS);
            rawUpdate(db, "UPDATE runs SET owner_pid = " + gone.pid() + " WHERE status = 'importing'");
        }
        assertEquals(12 + 1, raw(db, "SELECT COUNT(*) FROM trajectories"), "the killed import left rows behind");
        try (WorkbenchStore reopened = WorkbenchStore.open(db)) {
            assertEquals(1, raw(db, "SELECT COUNT(*) FROM trajectories"), "opening the DB removed them");
            assertEquals(0, raw(db, "SELECT COUNT(*) FROM trajectory_grams WHERE rowid NOT IN (SELECT id FROM trajectories)"));
            assertEquals(1, reopened.listRuns().size());
        }
    }

    @Test
    void aLongImportAndATrainingRunOnOneDbBothFinish() throws Exception {
        ComputeDevice.configureThreads(1);
        Path db = dir.resolve("shared.db");
        // a short busy_timeout makes the contention of a 400 MB import (19.6 s against 10 s) happen in seconds
        int busyMs = 100;
        AtomicBoolean trained = new AtomicBoolean();
        CompletableFuture<Long> imported = CompletableFuture.supplyAsync(() -> {
            try (WorkbenchStore store = WorkbenchStore.open(db, Migrations.latestVersion(), busyMs);
                 TrajectoryWriter w = store.openWriter(16)) {
                long start = System.nanoTime();
                int i = 0;
                // keep importing for as long as the trainer runs (and at least 2 s)
                while (!trained.get() || System.nanoTime() - start < 2e9) {
                    w.write(episode("big-import", i++));
                }
                w.commit();
                return (long) i;
            }
        });
        RunConfig config = RunConfigReader.parse("""
                {"name": "trainer", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
                 "model": {"preset": "tiny"},
                 "algorithm": {"name": "grpo", "group_size": 4, "prompts_per_step": 2},
                 "rollout": {"max_turns": 2, "max_new_tokens": 12, "max_total_tokens": 64},
                 "steps": 3, "eval": {"every": 0, "n": 4, "pass_k": 1}, "checkpoint_every": 1,
                 "seed": 3, "device": "cpu", "threads": 1, "store_fraction": 1.0,
                 "warm_start": {"steps": 2, "demonstrations": 8, "noise": 0.5, "batch_size": 4, "learning_rate": 0.002}}
                """, "trainer.json");
        try (WorkbenchStore store = WorkbenchStore.open(db, Migrations.latestVersion(), busyMs);
             RlTrainer trainer = RlTrainer.start(config, store, new TrainingListener() { })) {
            trainer.train();
        } finally {
            trained.set(true);
        }
        long n = imported.get(120, TimeUnit.SECONDS);
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            RunSummary train = store.listRuns().stream().filter(r -> r.run().name().equals("trainer")).findFirst().orElseThrow();
            assertEquals("finished", train.run().status());
            assertTrue(train.metricSteps() >= 3, "every step recorded: " + train.metricSteps());
            RunSummary imp = store.listRuns().stream().filter(r -> r.run().name().equals("big-import")).findFirst().orElseThrow();
            assertEquals(n, imp.trajectories());
        }
    }

    private static long raw(Path db, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void rawUpdate(Path db, String sql) throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
