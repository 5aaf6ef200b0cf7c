package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkbenchStoreTest {

    private static List<Trajectory> twoRuns() {
        List<Trajectory> out = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            for (int s = 0; s < 4; s++) {
                boolean correct = s % 2 == 0;
                out.add(TestTrajectories.searchEpisode("masked", step, "g" + step, s, correct ? 1.0 : 0.0,
                        correct, correct ? "Ada" : "Bob" + s));
                out.add(TestTrajectories.searchEpisode("unmasked", step, "g" + step, s, s * 0.25, s == 3, "Zed"));
            }
        }
        return out;
    }

    @Test
    void storesAndLoadsEveryField(@TempDir Path dir) {
        Trajectory t = TestTrajectories.searchEpisode("run-a", 7, "g1", 3, 1.1, true, "Ada");
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            long id = store.insert(t);
            Trajectory back = store.load(id);
            assertTrue(back.tokens().contentEquals(t.tokens()));
            assertEquals(t.withId(id), back.withTokens(t.tokens()));
            assertEquals("ok", store.integrityCheck());
        }
    }

    @Test
    void usesWal32KilobytePagesAndLatestSchema(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            assertEquals("wal", s.executeQuery("PRAGMA journal_mode").getString(1));
            assertEquals(32768, s.executeQuery("PRAGMA page_size").getInt(1));
        }
    }

    @Test
    void filtersSortsAndPages(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            store.insertAll(twoRuns());
            assertEquals(24, store.query(TrajectoryQuery.all()).total());
            TrajectoryPage masked = store.query(TrajectoryQuery.builder().run("masked").correct(true).build());
            assertEquals(6, masked.total());
            assertTrue(masked.rows().stream().allMatch(r -> r.run().equals("masked") && r.correct()));
            TrajectoryPage steps = store.query(TrajectoryQuery.builder().stepRange(1, 2)
                    .rewardRange(0.3, 0.9).build());
            assertEquals(Set.of(0.5, 0.75), Set.copyOf(steps.rows().stream().map(TrajectorySummary::reward).toList()));
            assertEquals(4, steps.total());
            TrajectoryPage text = store.query(TrajectoryQuery.builder().textContains("bob3").build());
            assertEquals(3, text.total(), "case-insensitive substring of the decoded text");
            assertEquals(0, store.query(TrajectoryQuery.builder().textContains("100%").build()).total());
            assertEquals(24, store.query(TrajectoryQuery.builder().textContains("<ANSWER> ").build()).total(),
                    "phrases match across token boundaries, case-insensitively");
            assertEquals(0, store.query(TrajectoryQuery.builder().textContains("say \"hi\"").build()).total(),
                    "quotes in the search text are literal");
            assertEquals(3, store.query(TrajectoryQuery.builder().textContains("b3").build()).total(),
                    "one- and two-character searches fall back to a scan");
            assertEquals(24, store.query(TrajectoryQuery.builder().task("kb-search")
                    .finishReason(FinishReason.STOP).toolCallRange(1, 1).build()).total());
            assertEquals(0, store.query(TrajectoryQuery.builder().toolCallRange(2, null).build()).total());
            TrajectoryPage page = store.query(TrajectoryQuery.builder()
                    .sort(TrajectoryQuery.SortField.REWARD, false).page(5, 5).build());
            assertEquals(24, page.total());
            assertEquals(5, page.rows().size());
            List<Double> rewards = page.rows().stream().map(TrajectorySummary::reward).toList();
            for (int i = 1; i < rewards.size(); i++) {
                assertTrue(rewards.get(i - 1) >= rewards.get(i), "sorted descending: " + rewards);
            }
        }
    }

    @Test
    void groupsRunsAndMetrics(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            store.insertAll(twoRuns());
            List<TrajectorySummary> group = store.group("masked", 1, "g1");
            assertEquals(List.of(0, 1, 2, 3), group.stream().map(TrajectorySummary::sampleIndex).toList());
            List<RunSummary> runs = store.listRuns();
            assertEquals(List.of("masked", "unmasked"), runs.stream().map(r -> r.run().name()).toList());
            assertEquals(12, runs.get(0).trajectories());
            assertEquals(0.5, runs.get(0).accuracy(), 1e-9);
            long runId = runs.get(0).run().id();
            store.addStepMetrics(runId, 0, Map.of("reward_mean", 0.5, "kl", 0.01));
            store.addStepMetrics(runId, 1, Map.of("reward_mean", 0.6, "kl", Double.NaN));
            assertEquals(4, store.stepMetrics(runId).size());
            List<StepMetric> after0 = store.stepMetrics(runId, 0);
            assertEquals(2, after0.size());
            assertTrue(Double.isNaN(after0.get(0).value()), "NaN metrics stored as NULL, read back as NaN");
            assertEquals(2, store.listRuns().get(0).metricSteps());
        }
    }

    @Test
    void failedInsertLeavesNothingBehind(@TempDir Path dir) {
        List<Trajectory> batch = twoRuns();
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            assertThrows(RuntimeException.class, () -> store.insertAll(List.of(batch.get(0), batch.get(1),
                    poisonTokens(batch.get(2)))));
            assertEquals(0, store.query(TrajectoryQuery.all()).total(), "nothing of a failed batch is stored");
            assertTrue(store.listRuns().isEmpty(), "runs created by a failed batch are rolled back too");
            store.insertAll(List.of(batch.get(0)));
            assertEquals(1, store.query(TrajectoryQuery.all()).total(), "the store is usable after a rollback");
            assertEquals(1, store.listRuns().size());
        }
    }

    /** A trajectory whose token text array holds a null: the BLOB encoder fails mid-batch. */
    private static Trajectory poisonTokens(Trajectory t) {
        String[] text = t.tokens().tokenText().clone();
        text[2] = null;
        var a = t.tokens();
        return t.withTokens(new dev.rwb.engine.trajectory.TokenArrays(a.tokenIds(), text, a.roles(), a.turns(),
                a.lossWeights(), a.logprobs(), a.refLogprobs(), a.entropies(), a.advantages(), a.contributions(),
                a.clipped()));
    }

    @Test
    void migratesAnOlderDatabaseForward(@TempDir Path dir) {
        Path db = dir.resolve("old.db");
        try (WorkbenchStore v1 = WorkbenchStore.open(db, 1)) {
            assertEquals(1, v1.schemaVersion());
            v1.insertAll(twoRuns().subList(0, 4));
        }
        try (WorkbenchStore latest = WorkbenchStore.open(db)) {
            assertEquals(Migrations.latestVersion(), latest.schemaVersion());
            assertEquals(4, latest.query(TrajectoryQuery.builder().textContains("founded acme").build()).total(),
                    "the text index added by migration 2 was back-filled");
        }
    }

    @Test
    void refusesNewerSchema(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("new.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        StoreException e = assertThrows(StoreException.class, () -> WorkbenchStore.open(db));
        assertTrue(e.getMessage().contains("newer than this workbench"), e.getMessage());
    }

    @Test
    void updatesPerTokenArraysOfOneTrajectoryAtomically(@TempDir Path dir) {
        Trajectory t = TestTrajectories.searchEpisode("imported", 0, "g", 0, 1.0, true, "Ada");
        int n = t.tokens().length();
        float[] logprob = new float[n];
        float[] entropy = new float[n];
        for (int i = 0; i < n; i++) {
            logprob[i] = i == 0 ? Float.NaN : -0.5f * i;
            entropy[i] = 0.25f * i;
        }
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            long id = store.insert(t);
            long other = store.insert(t);
            store.updateTokenFloats(id, Map.of(TokenFloatColumn.LOGPROB, logprob, TokenFloatColumn.ENTROPY, entropy));
            Trajectory back = store.load(id);
            assertEquals(java.util.Arrays.toString(logprob), java.util.Arrays.toString(back.tokens().logprobs()));
            assertEquals(java.util.Arrays.toString(entropy), java.util.Arrays.toString(back.tokens().entropies()));
            // Everything else is as stored, and the other trajectory is untouched.
            assertEquals(java.util.Arrays.toString(t.tokens().refLogprobs()), java.util.Arrays.toString(back.tokens().refLogprobs()));
            assertEquals(java.util.Arrays.toString(t.tokens().tokenIds()), java.util.Arrays.toString(back.tokens().tokenIds()));
            assertTrue(store.load(other).tokens().contentEquals(t.tokens()));

            // A wrong length writes nothing, not even the arrays that were right.
            float[] shortArray = new float[n - 1];
            StoreException e = assertThrows(StoreException.class, () -> store.updateTokenFloats(id,
                    new java.util.EnumMap<>(Map.of(TokenFloatColumn.REF_LOGPROB, new float[n], TokenFloatColumn.ENTROPY, shortArray))));
            assertTrue(e.getMessage().contains("entropy") && e.getMessage().contains("trajectory " + id), e.getMessage());
            assertEquals(java.util.Arrays.toString(t.tokens().refLogprobs()),
                    java.util.Arrays.toString(store.load(id).tokens().refLogprobs()));
            assertThrows(StoreException.class, () -> store.updateTokenFloats(9999, Map.of(TokenFloatColumn.LOGPROB, logprob)));

            // New advantages on the same rows: the run's cached colour range follows them.
            double before = store.signedRanges("imported").maxAbsAdvantage();
            float[] advantage = new float[n];
            java.util.Arrays.fill(advantage, (float) (before + 3));
            store.updateTokenFloats(id, Map.of(TokenFloatColumn.ADVANTAGE, advantage));
            assertEquals(before + 3, store.signedRanges("imported").maxAbsAdvantage(), 1e-6);
        }
    }
}
