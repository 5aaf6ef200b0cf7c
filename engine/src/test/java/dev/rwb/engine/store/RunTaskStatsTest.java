package dev.rwb.engine.store;

import dev.rwb.engine.simulate.BenchCorpus;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema 11's per-run, per-task counters (read by {@code listRuns} and {@code tasks}) agree with a
 * scan of the trajectories after every kind of write: inserts with and without rewards, a resumed
 * run's deleted steps, a deleted run, an import committed into an existing run, a cancelled import,
 * an edited row, and the migration that fills them for an older DB.
 */
class RunTaskStatsTest {
    @TempDir
    Path dir;

    private static List<Trajectory> trajectories(String run, int from, int n) {
        BenchCorpus corpus = new BenchCorpus(8);
        List<Trajectory> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            Trajectory t = corpus.trajectory(i, 40);
            double reward = i % 6 == 0 ? Double.NaN : (i % 5) * 0.2;
            out.add(new Trajectory(0, run, i / 10, t.promptId(), t.groupId(), t.sampleIndex(), t.task(), t.groundTruth(),
                    t.finalAnswer(), reward, t.rewardComponents(), i % 3 == 0, t.finishReason(), t.numToolCalls(), false,
                    List.of(), t.tokens()));
        }
        return out;
    }

    @Test
    void theCountersFollowEveryWrite() throws Exception {
        Path db = dir.resolve("s.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.insertAll(trajectories("a", 0, 60));
            store.insertAll(trajectories("b", 100, 45));
            store.addStepMetrics(store.findRun("a").orElseThrow().id(), 1, java.util.Map.of("loss", 1.0));
            assertAgreesWithAScan(store, db, "after inserts");

            store.deleteStepsAfter(store.findRun("a").orElseThrow().id(), 2);
            assertAgreesWithAScan(store, db, "after a resumed run deleted its later steps");

            try (TrajectoryWriter w = store.openWriter(7)) {
                trajectories("b", 200, 30).forEach(w::write);
                trajectories("c", 300, 12).forEach(w::write);
                w.commit();
            }
            assertAgreesWithAScan(store, db, "after an import into an existing run and a new one");

            try (TrajectoryWriter w = store.openWriter(5)) {
                trajectories("b", 400, 20).forEach(w::write);
                trajectories("d", 500, 9).forEach(w::write);
            }
            assertAgreesWithAScan(store, db, "after a cancelled import");

            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                s.execute("UPDATE trajectories SET reward = NULL, task = 'edited' WHERE id % 7 = 0");
                s.execute("UPDATE trajectories SET reward = 1, correct = 1 WHERE id % 11 = 0");
            }
            assertAgreesWithAScan(store, db, "after rows were edited");

            store.deleteRun(store.findRun("b").orElseThrow().id());
            assertAgreesWithAScan(store, db, "after a run was deleted");
            assertEquals(0, scalar(db, "SELECT COUNT(*) FROM run_task_stats WHERE trajectories <= 0"),
                    "an emptied (run, task) leaves no row behind");
        }
    }

    @Test
    void theMigrationFillsTheCountersOfAnOlderDatabase() throws Exception {
        Path db = dir.resolve("old.db");
        try (WorkbenchStore old = WorkbenchStore.open(db, Migrations.RUN_TASK_STATS - 1)) {
            old.insertAll(trajectories("a", 0, 50));
            old.insertAll(trajectories("b", 60, 25));
        }
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
            assertAgreesWithAScan(store, db, "after the migration");
            store.insertAll(trajectories("a", 90, 5));
            assertAgreesWithAScan(store, db, "after an insert into the migrated DB");
        }
    }

    @Test
    void fromSchemaThirteenTheWriterCountsRowsInWithoutAnInsertTrigger() throws Exception {
        Path db = dir.resolve("v12.db");
        try (WorkbenchStore v12 = WorkbenchStore.open(db, Migrations.STATS_BY_WRITER - 1)) {
            v12.insertAll(trajectories("a", 0, 40));
            assertEquals(1, scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'trajectories_stats_insert'"));
        }
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(0, scalar(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'trajectories_stats_insert'"));
            store.insertAll(trajectories("a", 50, 15));
            store.insertAll(trajectories("e", 70, 21));
            assertAgreesWithAScan(store, db, "after inserts counted by the writer");
            try (TrajectoryWriter w = store.openWriter(4)) {
                trajectories("a", 100, 9).forEach(w::write);
                trajectories("f", 120, 6).forEach(w::write);
                w.commit();
            }
            assertAgreesWithAScan(store, db, "after an import through the writer");
        }
    }

    /** listRuns and tasks against the same figures computed by scanning the trajectories (the schema-10 way). */
    private static void assertAgreesWithAScan(WorkbenchStore store, Path db, String when) throws SQLException {
        List<String> expected = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.name, COUNT(t.id), MIN(t.step), MAX(t.step), AVG(t.reward), "
                     + "AVG(CASE WHEN t.reward IS NULL THEN NULL ELSE t.correct END) FROM runs r LEFT JOIN trajectories t "
                     + "ON t.run_id = r.id WHERE r.status <> 'importing' GROUP BY r.id ORDER BY r.id")) {
            while (rs.next()) {
                expected.add(String.format(java.util.Locale.ROOT, "%s n=%d steps=%d..%d mean=%.9f acc=%.9f",
                        rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), nan(rs, 5), nan(rs, 6)));
            }
        }
        List<String> actual = store.listRuns().stream().map(r -> String.format(java.util.Locale.ROOT,
                "%s n=%d steps=%d..%d mean=%.9f acc=%.9f", r.run().name(), r.trajectories(), r.minStep(), r.maxStep(),
                r.meanReward(), r.accuracy())).toList();
        assertEquals(expected, actual, when);
        assertTrue(store.listRuns().stream().anyMatch(r -> r.trajectories() > 0), when);

        List<String> tasks = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT t.task FROM trajectories t JOIN runs r ON r.id = t.run_id "
                     + "WHERE r.status <> 'importing' ORDER BY t.task")) {
            while (rs.next()) {
                tasks.add(rs.getString(1));
            }
        }
        assertEquals(tasks, store.tasks(), when + ": tasks");
    }

    private static double nan(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static long scalar(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            return rs.getLong(1);
        }
    }
}
