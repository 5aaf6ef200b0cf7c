package dev.rwb.engine.store;

import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignedRangesTest {

    @Test
    void aRunsRangeIsTheLargestUnmaskedValueOfAllItsTrajectoriesAndFollowsNewRows(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            List<Trajectory> run = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                // Advantage = reward − 0.5 on every model token; the masked tool response must not count.
                run.add(TestTrajectories.searchEpisode("a", i / 3, "g" + i / 3, i % 3, 0.1 * i, i > 2, "x"));
            }
            store.insertAll(run);
            store.insertAll(List.of(TestTrajectories.searchEpisode("b", 0, "g", 0, 9.5, true, "x")));
            List<Trajectory> loaded = new ArrayList<>();
            for (TrajectorySummary s : store.query(TrajectoryQuery.builder().run("a").build()).rows()) {
                loaded.add(store.load(s.id()));
            }
            ScaleContext expected = ScaleContext.of("a", 0, 0, loaded);
            SignedRanges ranges = store.signedRanges("a");
            assertEquals(0.5, ranges.maxAbsAdvantage(), 1e-6);
            assertEquals(expected.groupMaxAbsAdvantage(), ranges.maxAbsAdvantage(), 0);
            assertEquals(expected.groupMaxAbsContribution(), ranges.maxAbsContribution(), 0);
            assertEquals(6, ranges.trajectories());
            // A new trajectory with a larger value is seen at once, not hidden by the cache.
            store.insertAll(List.of(TestTrajectories.searchEpisode("a", 2, "g2", 0, 2.5, true, "x")));
            assertEquals(2.0, store.signedRanges("a").maxAbsAdvantage(), 1e-6);
            assertEquals(0.2, store.signedRanges("a").maxAbsContribution(), 1e-6);
            assertEquals(new SignedRanges(0, 0, 0), store.signedRanges("nobody"));
            // A resumed run deletes its last steps and writes them again, reusing the ids: read again.
            long runId = store.findRun("a").orElseThrow().id();
            store.deleteStepsAfter(runId, 1);
            store.insertAll(List.of(TestTrajectories.searchEpisode("a", 2, "g2", 0, 0.9, true, "x")));
            assertEquals(0.5, store.signedRanges("a").maxAbsAdvantage(), 1e-6, "the 2.0 row is gone");
            assertEquals(7, store.signedRanges("a").trajectories());
        }
    }

    @Test
    void aRewriteThatLowersTheLargestValueLowersTheRunsRange(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            store.insertAll(List.of(TestTrajectories.searchEpisode("a", 0, "g", 0, 0.9, true, "x"),
                    TestTrajectories.searchEpisode("a", 0, "g", 1, 2.5, true, "x")));
            assertEquals(2.0, store.signedRanges("a").maxAbsAdvantage(), 1e-6);
            long big = store.query(TrajectoryQuery.builder().run("a").build()).rows().stream()
                    .filter(r -> r.reward() > 2).findFirst().orElseThrow().id();
            Trajectory t = store.load(big);
            float[] smaller = t.tokens().advantages().clone();
            for (int i = 0; i < smaller.length; i++) {
                smaller[i] = Float.isFinite(smaller[i]) ? smaller[i] / 10 : smaller[i];
            }
            store.updateTokenFloats(big, java.util.Map.of(TokenFloatColumn.ADVANTAGE, smaller));
            // the other row's 0.4 is now the largest (the rewritten row's 2.0 became 0.2)
            assertEquals(0.4, store.signedRanges("a").maxAbsAdvantage(), 1e-6);
        }
    }

    @Test
    void migrationFourteenWritesEachRowsMaximaSoTheRangeIsTheSameAsReadingEveryPayload(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("w.db");
        SignedRanges scanned;
        List<Trajectory> episodes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            episodes.add(TestTrajectories.searchEpisode(i % 2 == 0 ? "a" : "b", i / 8, "g" + i / 4, i % 4,
                    (i * 37 % 23) / 7.0 - 1.2, i % 3 == 0, "x"));
        }
        try (WorkbenchStore old = WorkbenchStore.open(file, Migrations.ROW_MAXIMA - 1)) {
            old.insertAll(episodes);
            scanned = old.signedRanges("a");
            assertEquals(20, scanned.trajectories());
        }
        try (WorkbenchStore store = WorkbenchStore.open(file)) {
            assertEquals(scanned, store.signedRanges("a"), "two index seeks agree with reading every payload");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, max_abs_advantage, max_abs_contribution FROM trajectories")) {
                int rows = 0;
                while (rs.next()) {
                    var a = store.load(rs.getLong(1)).tokens();
                    assertEquals(SignedRanges.maxAbsUnmasked(a.advantages(), a.lossWeights()), rs.getDouble(2), 0);
                    assertEquals(SignedRanges.maxAbsUnmasked(a.contributions(), a.lossWeights()), rs.getDouble(3), 0);
                    rows++;
                }
                assertEquals(40, rows);
            }
            // rows written after the migration carry their maxima too
            store.insertAll(List.of(TestTrajectories.searchEpisode("a", 9, "g9", 0, 7.5, true, "x")));
            assertEquals(7.0, store.signedRanges("a").maxAbsAdvantage(), 1e-6);
        }
    }

    @Test
    void theRangeIsReadFromTheIndexesNotFromTheRows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.db");
        WorkbenchStore.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String column : List.of("max_abs_advantage", "max_abs_contribution")) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT MAX(t." + column
                        + ") FROM trajectories t WHERE t.run_id = 1")) {
                    while (rs.next()) {
                        plan.append(rs.getString("detail")).append('\n');
                    }
                }
                // one seek to the end of the run's stretch of the (run_id, max) index
                assertTrue(plan.toString().contains("SEARCH t USING COVERING INDEX trajectories_run_"
                        + column.replace("max_abs_", "max_") + " (run_id=?)"), plan.toString());
            }
        }
    }

    @Test
    void aDamagedPayloadDoesNotStopTheMigrationAndOpeningItNamesTheTrajectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.db");
        long damaged;
        try (WorkbenchStore old = WorkbenchStore.open(file, Migrations.ROW_MAXIMA - 1)) {
            List<Long> ids = old.insertAll(List.of(TestTrajectories.searchEpisode("a", 0, "g", 0, 0.9, true, "x"),
                    TestTrajectories.searchEpisode("a", 0, "g", 1, 3.5, true, "x")));
            damaged = ids.get(1);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             var ps = c.prepareStatement("UPDATE trajectory_payloads SET payload = x'28b52ffd0000' WHERE trajectory_id = ?")) {
            ps.setLong(1, damaged);
            assertEquals(1, ps.executeUpdate());
        }
        List<String> steps = new ArrayList<>();
        try (WorkbenchStore store = WorkbenchStore.open(file, (step, done, total) -> steps.add(step))) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
            assertTrue(steps.get(steps.size() - 1).contains("1 trajectories whose token payload does not decode "
                    + "were left out of it (ids [" + damaged + "])"), steps.toString());
            assertEquals(0.4, store.signedRanges("a").maxAbsAdvantage(), 1e-6, "the readable row's scale");
            StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> store.load(damaged));
            assertTrue(e.getMessage().startsWith("trajectory " + damaged + " in " + file + ": corrupt token payload"),
                    e.getMessage());
        }
    }
}
