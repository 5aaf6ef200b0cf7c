package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.TopLogprobs;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Schema 7 → 8 (issue 15): a database written by the schema-7 code path (and one of schema 6) migrates in place, every
 * trajectory comes back field by field, the text search answers as before, progress is reported,
 * and a migration that fails leaves the old database exactly as it was.
 */
class PayloadMigrationTest {
    private static final int OLD = Migrations.COMPACT_PAYLOADS - 1;

    @TempDir
    Path dir;

    /** Trajectories with the awkward cases: NaN and constant arrays, extreme ids, unicode, errors, no reward. */
    static List<Trajectory> mixed() {
        List<Trajectory> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(TestTrajectories.searchEpisode(i % 3 == 0 ? "old-a" : "old-b", i / 8, "g" + i / 4, i % 4,
                    i % 2, i % 2 == 1, i % 5 == 0 ? "Zürich 😀" : "Ada"));
        }
        SplittableRandom rnd = new SplittableRandom(5);
        String[] pieces = {"the", " Ω", "😀", "\n", " founded", "ß", "<think>", " 42"};
        for (int k = 0; k < 12; k++) {
            int n = 1 + rnd.nextInt(700);
            TokenArrays.Builder b = TokenArrays.builder();
            TokenArrays core;
            for (int i = 0; i < n; i++) {
                Role role = Role.values()[rnd.nextInt(Role.values().length)];
                b.add(k == 0 ? -1 : rnd.nextInt(152_000), pieces[rnd.nextInt(pieces.length)], role, i / 100,
                        k % 2 == 0 ? 1f : (float) rnd.nextDouble(), role.isModelWritten() ? (float) -rnd.nextDouble(9) : Float.NaN,
                        Float.NaN, k % 3 == 0 ? Float.NaN : (float) rnd.nextDouble(3), (float) rnd.nextGaussian(),
                        (float) rnd.nextGaussian() / 100, rnd.nextInt(9) == 0);
            }
            core = b.build();
            TokenArrays tokens = core;
            if (k % 3 == 1) {
                // schema 7's fields: trainer logprobs, mismatch KL, alternatives on some tokens, two loss streams
                float[] trainer = TokenArrays.nans(n);
                float[] kl = TokenArrays.nans(n);
                TopLogprobs[] top = TopLogprobs.none(n);
                float[] rl = new float[n];
                float[] ce = new float[n];
                for (int i = 0; i < n; i++) {
                    trainer[i] = (float) -rnd.nextDouble(5);
                    kl[i] = (float) rnd.nextDouble() / 50;
                    rl[i] = core.lossWeights()[i];
                    ce[i] = i % 2;
                    if (i % 7 == 0) {
                        top[i] = new TopLogprobs(new String[]{" the", "Ω", "😀"}, new float[]{-0.1f, -2.5f, -7f});
                    }
                }
                java.util.Map<String, float[]> streams = new java.util.LinkedHashMap<>();
                streams.put("rl", rl);
                streams.put("ce", ce);
                tokens = core.withExtras(trainer, kl, top, streams);
            }
            out.add(new Trajectory(0, "random", k, "p" + k, "g" + k, 0, "countdown", "24", k % 2 == 0 ? null : "7*3",
                    k % 4 == 0 ? Double.NaN : rnd.nextDouble(), Map.of("correctness", 0.0), false,
                    FinishReason.values()[k % FinishReason.values().length], k, k % 2 == 0,
                    List.of(new PolicySegment(0, k), new PolicySegment(n / 2, k + 1)), tokens,
                    k == 3 ? "tool crashed: boom" : null, k == 5 ? "verifier: overflow" : null));
        }
        return out;
    }

    @Test
    void aSchemaSixDatabaseMigratesInPlaceFieldByField() throws Exception {
        Path db = dir.resolve("v6.db");
        List<Trajectory> written = mixed();
        List<Long> ids;
        long before10;
        SignedRanges rangesBefore;
        try (WorkbenchStore v6 = WorkbenchStore.open(db, OLD)) {
            ids = v6.insertAll(written);
            v6.addStepMetrics(v6.findRun("old-a").orElseThrow().id(), 0, Map.of("loss", 0.5));
            before10 = v6.query(TrajectoryQuery.builder().textContains("founded acme").build()).total();
            rangesBefore = v6.signedRanges("random");
            assertEquals(OLD, v6.schemaVersion());
        }
        assertTrue(WorkbenchStore.needsSlowMigration(db));
        List<String> steps = new ArrayList<>();
        long[] lastDone = {-1};
        try (WorkbenchStore latest = WorkbenchStore.open(db, (step, done, total) -> {
            steps.add(step);
            if (total > 0) {
                lastDone[0] = done;
                assertEquals(written.size(), total);
            }
        })) {
            assertEquals(Migrations.latestVersion(), latest.schemaVersion());
            assertEquals(written.size(), lastDone[0], "progress reached every trajectory: " + steps);
            for (int i = 0; i < written.size(); i++) {
                assertSameTrajectory(written.get(i).withId(ids.get(i)), latest.load(ids.get(i)));
            }
            assertEquals(before10, latest.query(TrajectoryQuery.builder().textContains("founded acme").build()).total());
            assertEquals(40, before10);
            assertEquals(8, latest.query(TrajectoryQuery.builder().textContains("Zürich 😀").build()).total());
            assertEquals(rangesBefore, latest.signedRanges("random"));
            assertEquals(1, latest.stepMetrics(latest.findRun("old-a").orElseThrow().id()).size());
            assertEquals("ok", latest.integrityCheck());
        }
        assertEquals(0, raw(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'trajectory_tokens'"));
        rawExec(db, "INSERT INTO trajectory_grams(trajectory_grams, rank) VALUES ('integrity-check', 1)");
        assertTrue(!WorkbenchStore.needsSlowMigration(db));
    }

    @Test
    void aSchemaSixDatabaseMigratesThroughSevenToTheLatest() {
        Path db = dir.resolve("v6.db");
        List<Trajectory> written = new ArrayList<>();
        for (Trajectory t : mixed()) {
            // schema 6 has no place for schema 7's fields
            TokenArrays a = t.tokens();
            written.add(t.withTokens(new TokenArrays(a.tokenIds(), a.tokenText(), a.roles(), a.turns(), a.lossWeights(),
                    a.logprobs(), a.refLogprobs(), a.entropies(), a.advantages(), a.contributions(), a.clipped())));
        }
        List<Long> ids;
        try (WorkbenchStore v6 = WorkbenchStore.open(db, 6)) {
            ids = v6.insertAll(written);
        }
        try (WorkbenchStore latest = WorkbenchStore.open(db)) {
            assertEquals(Migrations.latestVersion(), latest.schemaVersion());
            for (int i = 0; i < written.size(); i++) {
                assertSameTrajectory(written.get(i).withId(ids.get(i)), latest.load(ids.get(i)));
            }
        }
    }

    @Test
    void aFailingMigrationLeavesTheOldDatabaseAsItWas() throws Exception {
        Path db = dir.resolve("bad.db");
        try (WorkbenchStore v6 = WorkbenchStore.open(db, OLD)) {
            v6.insertAll(mixed());
        }
        // one corrupt role byte in the last row: the conversion fails after converting all the others
        rawExec(db, "UPDATE trajectory_tokens SET role = X'63' || substr(role, 2) "
                + "WHERE trajectory_id = (SELECT MAX(trajectory_id) FROM trajectory_tokens)");
        StoreException e = assertThrows(StoreException.class, () -> WorkbenchStore.open(db));
        assertTrue(e.getMessage().contains("migration to schema version " + Migrations.COMPACT_PAYLOADS), e.getMessage());
        assertEquals(OLD, raw(db, "PRAGMA user_version"));
        assertEquals(mixed().size(), raw(db, "SELECT COUNT(*) FROM trajectory_tokens"));
        assertEquals(0, raw(db, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('trajectory_payloads', 'trajectory_texts')"));
        try (WorkbenchStore v6 = WorkbenchStore.open(db, OLD)) {
            assertEquals(mixed().size(), v6.query(TrajectoryQuery.builder().build()).total());
        }
    }

    @Test
    void deletesKeepTheExternalContentIndexInStep() {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.insertAll(mixed());
            long random = store.findRun("random").orElseThrow().id();
            store.deleteStepsAfter(random, 5);
            store.deleteRun(store.findRun("old-b").orElseThrow().id());
            assertEquals(0, store.query(TrajectoryQuery.builder().runs(Set.of("old-b")).build()).total());
            assertEquals(14, store.query(TrajectoryQuery.builder().textContains("founded acme").build()).total());
        }
        rawExec(db, "INSERT INTO trajectory_grams(trajectory_grams, rank) VALUES ('integrity-check', 1)");
        assertEquals(0, raw(db, "SELECT COUNT(*) FROM trajectory_texts WHERE id NOT IN (SELECT id FROM trajectories)"));
    }

    /** Every component of the record; the token arrays by content. */
    static void assertSameTrajectory(Trajectory e, Trajectory a) {
        String where = "trajectory " + e.id() + ": ";
        assertEquals(e.id(), a.id(), where + "id");
        assertEquals(e.run(), a.run(), where + "run");
        assertEquals(e.step(), a.step(), where + "step");
        assertEquals(e.promptId(), a.promptId(), where + "prompt_id");
        assertEquals(e.groupId(), a.groupId(), where + "group_id");
        assertEquals(e.sampleIndex(), a.sampleIndex(), where + "sample_index");
        assertEquals(e.task(), a.task(), where + "task");
        assertEquals(e.groundTruth(), a.groundTruth(), where + "ground_truth");
        assertEquals(e.finalAnswer(), a.finalAnswer(), where + "final_answer");
        assertEquals(e.reward(), a.reward(), where + "reward");
        assertEquals(e.rewardComponents(), a.rewardComponents(), where + "reward_components");
        assertEquals(e.correct(), a.correct(), where + "correct");
        assertEquals(e.finishReason(), a.finishReason(), where + "finish_reason");
        assertEquals(e.numToolCalls(), a.numToolCalls(), where + "num_tool_calls");
        assertEquals(e.textOnly(), a.textOnly(), where + "text_only");
        assertEquals(e.policySegments(), a.policySegments(), where + "policy_segments");
        assertEquals(e.toolError(), a.toolError(), where + "tool_error");
        assertEquals(e.verifierError(), a.verifierError(), where + "verifier_error");
        TokenArrays x = e.tokens();
        TokenArrays y = a.tokens();
        assertArrayEquals(x.tokenIds(), y.tokenIds(), where + "token_ids");
        assertArrayEquals(x.tokenText(), y.tokenText(), where + "token_text");
        assertArrayEquals(x.roles(), y.roles(), where + "role");
        assertArrayEquals(x.turns(), y.turns(), where + "turn");
        assertArrayEquals(x.lossWeights(), y.lossWeights(), where + "loss_weight");
        assertArrayEquals(x.logprobs(), y.logprobs(), where + "logprob");
        assertArrayEquals(x.refLogprobs(), y.refLogprobs(), where + "ref_logprob");
        assertArrayEquals(x.entropies(), y.entropies(), where + "entropy");
        assertArrayEquals(x.advantages(), y.advantages(), where + "advantage");
        assertArrayEquals(x.contributions(), y.contributions(), where + "contribution");
        assertArrayEquals(x.clipped(), y.clipped(), where + "clipped");
        assertArrayEquals(x.trainerLogprobs(), y.trainerLogprobs(), where + "trainer_logprob");
        assertArrayEquals(x.mismatchKl(), y.mismatchKl(), where + "mismatch_kl");
        for (int i = 0; i < x.length(); i++) {
            assertTrue(x.topLogprobs()[i].contentEquals(y.topLogprobs()[i]), where + "top_logprobs[" + i + "]");
        }
        assertEquals(x.lossStreams().keySet().stream().toList(), y.lossStreams().keySet().stream().toList(), where + "loss_streams");
        x.lossStreams().forEach((name, v) -> assertArrayEquals(v, y.lossStreams().get(name), where + "loss_streams." + name));
        assertTrue(x.contentEquals(y), where + "token arrays");
    }

    private static long raw(Path db, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void rawExec(Path db, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute(sql);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
