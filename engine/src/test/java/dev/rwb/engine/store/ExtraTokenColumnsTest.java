package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.TopLogprobs;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schema 7: the trainer logprob, mismatch KL, top-k alternatives and loss streams survive the store and JSONL. */
class ExtraTokenColumnsTest {

    /** A search episode with every schema-7 field set on its model tokens. */
    static Trajectory withExtras() {
        Trajectory t = TestTrajectories.searchEpisode("extras", 2, "g", 0, 1.0, true, "Ada");
        TokenArrays a = t.tokens();
        int n = a.length();
        float[] trainer = TokenArrays.nans(n);
        float[] kl = TokenArrays.nans(n);
        TopLogprobs[] top = TopLogprobs.none(n);
        float[] rl = new float[n];
        float[] ce = new float[n];
        for (int i = 0; i < n; i++) {
            if (a.roles()[i].isModelWritten()) {
                trainer[i] = a.logprobs()[i] - 0.01f * (i % 3);
                kl[i] = 0.001f * i;
                top[i] = new TopLogprobs(new String[] {a.tokenText()[i], " é\n"}, new float[] {-0.1f, -2.5f});
                rl[i] = 1f;
            } else {
                ce[i] = 0.1f;
            }
        }
        Map<String, float[]> streams = new LinkedHashMap<>();
        streams.put("rl", rl);
        streams.put("ce", ce);
        return t.withTokens(a.withExtras(trainer, kl, top, streams));
    }

    @Test
    void storesAndLoadsTheSchemaSevenFields(@TempDir Path dir) {
        Trajectory t = withExtras();
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            long id = store.insert(t);
            TokenArrays back = store.load(id).tokens();
            assertTrue(back.contentEquals(t.tokens()), "every per-token field, the new ones included, round-trips");
            assertEquals(2, back.topLogprobs()[back.length() - 1].size());
            assertEquals(Map.of("rl", 0, "ce", 1), Map.of("rl", indexOf(back, "rl"), "ce", indexOf(back, "ce")),
                    "streams keep their order");
        }
    }

    @Test
    void leavesTheNewColumnsNullWhenASourceHasNone(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        Trajectory plain = TestTrajectories.searchEpisode("plain", 0, "g", 0, 1.0, true, "Ada");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            TokenArrays back = store.load(store.insert(plain)).tokens();
            assertFalse(back.hasExtras());
            assertTrue(Float.isNaN(back.trainerLogprobs()[0]));
            assertTrue(Double.isNaN(back.importanceRatio(0)));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery("SELECT nan_arrays, payload FROM trajectory_payloads")) {
            // schema 8: all-NaN float arrays are flagged in the row (trainer_logprob bit 6, mismatch_kl bit 7)
            // and take no bytes; no alternatives and no streams means no such arrays in the payload
            assertEquals(0b11000000, rs.getLong(1) & 0b11000000, "no bytes are spent on fields nobody recorded");
            var names = TokenPayload.decode(rs.getBytes(2)).keySet();
            assertTrue(names.stream().noneMatch(n -> n.startsWith("top_logprobs") || n.startsWith("loss_stream")), names.toString());
        }
    }

    @Test
    void migratesASchemaSixDatabaseAndKeepsItsRows(@TempDir Path dir) {
        Path db = dir.resolve("v6.db");
        Trajectory plain = TestTrajectories.searchEpisode("old", 0, "g", 0, 1.0, true, "Ada");
        long id;
        try (WorkbenchStore v6 = WorkbenchStore.open(db, 6)) {
            id = v6.insert(plain);
            assertFalse(v6.load(id).tokens().hasExtras());
        }
        try (WorkbenchStore latest = WorkbenchStore.open(db)) {
            assertEquals(Migrations.latestVersion(), latest.schemaVersion());
            assertTrue(latest.load(id).tokens().contentEquals(plain.tokens()), "an old row reads back unchanged");
            Trajectory rich = withExtras();
            assertTrue(latest.load(latest.insert(rich)).tokens().contentEquals(rich.tokens()));
        }
    }

    @Test
    void theWorkbenchJsonlKeepsTheNewFields() throws Exception {
        Trajectory t = withExtras();
        String line = TrajectoryJsonl.toLine(t);
        assertTrue(line.contains("\"trainer_logprob\"") && line.contains("\"loss_streams\""), line);
        Trajectory back = TrajectoryJsonl.parseLine(line, "x.jsonl", 1);
        assertTrue(back.tokens().contentEquals(t.tokens()));
        Trajectory plain = TestTrajectories.searchEpisode("plain", 0, "g", 0, 1.0, true, "Ada");
        assertFalse(TrajectoryJsonl.toLine(plain).contains("trainer_logprob"), "absent fields are not written");
    }

    private static int indexOf(TokenArrays a, String stream) {
        return a.lossStreams().keySet().stream().toList().indexOf(stream);
    }
}
