package dev.rwb.engine.lint;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.StoredLint;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenRLHF #1243 end to end: a verl dump and a TRL table that state a response length, imported
 * into a real store; the response-length lint fires where the stated length counts the masked tool
 * tokens and stays silent where it equals Σ mask.
 */
class StatedResponseLengthTest {
    private static final String OUTPUT = "<think>look it up</think><search>capital of France</search>"
            + "<information>Paris is the capital of France.</information><answer>Paris</answer>";

    /** Σ mask and the response span of the first stored trajectory of a source, imported into a scratch store. */
    private static int[] inLossAndSpan(Path dir, Path source, ImportFormat format) throws Exception {
        try (WorkbenchStore s = WorkbenchStore.open(dir.resolve("probe-" + format.key() + ".db"))) {
            Importers.importInto(s, source, format, ImportOptions.defaults());
            Trajectory t = s.load(s.query(TrajectoryQuery.all()).rows().get(0).id());
            int inLoss = 0;
            for (float w : t.tokens().lossWeights()) {
                inLoss += w > 0 ? 1 : 0;
            }
            return new int[]{inLoss, t.responseLength()};
        }
    }

    /** A verl step file of three samples; the importer fits its token pieces to these texts. */
    private static Path verlDump(Path dir, String name, Map<String, Object> first, Map<String, Object> second)
            throws Exception {
        Path dump = Files.createDirectories(dir.resolve(name));
        Files.writeString(dump.resolve("1.jsonl"), line("Q1?", first) + line("Q2?", second) + line("Q3?", Map.of()));
        return dump;
    }

    private static Path trlTable(Path dir, String name, String lengths) throws Exception {
        Path completions = Files.createDirectories(dir.resolve(name).resolve("completions"));
        String file = completions.resolve("completions_00003.parquet").toAbsolutePath().toString();
        String[] l = lengths == null ? null : lengths.split(",");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM (VALUES (3, 'Q1?', '" + OUTPUT + "', 1.0" + (l == null ? "" : ", " + l[0])
                    + "), (3, 'Q2?', '" + OUTPUT + "', 1.0" + (l == null ? "" : ", " + l[1]) + ")) AS t(step, prompt, "
                    + "completion, accuracy_reward" + (l == null ? "" : ", completion_length") + ")) TO '" + file
                    + "' (FORMAT PARQUET)");
        }
        return dir.resolve(name);
    }

    private static String line(String input, Map<String, Object> extra) throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Map.of("input", input, "output", OUTPUT, "gts", "Paris",
                "score", 1.0, "step", 1));
        m.putAll(extra);
        return new ObjectMapper().writeValueAsString(m) + "\n";
    }

    @Test
    void aVerlDumpsStatedLengthFeedsTheLint(@TempDir Path dir) throws Exception {
        int[] counts = inLossAndSpan(dir, verlDump(dir, "probe", Map.of(), Map.of()), ImportFormat.VERL);
        assertTrue(counts[1] > counts[0], "the tool response is in the span but not in the loss");
        Path dump = verlDump(dir, "rollouts", Map.of("response_length", counts[1]),
                Map.of("response_length", counts[0]));
        try (WorkbenchStore s = WorkbenchStore.open(dir.resolve("w.db"))) {
            Importers.importInto(s, dump, ImportFormat.VERL, ImportOptions.defaults());
            List<StoredLint> found = s.lints("verl-rollouts").stream()
                    .filter(l -> l.finding().code() == LintCode.RESPONSE_LENGTH_MISMATCH).toList();
            assertEquals(1, found.size(), found.toString());
            LintFinding f = found.get(0).finding();
            assertTrue(f.message().startsWith("response_length " + counts[1] + " ≠ Σ mask " + counts[0]
                    + " (it equals the response span"), f.message());
            assertEquals(counts[1] - counts[0], f.positions().size(), "the masked tokens of the response are marked");
            Trajectory flagged = s.load(f.trajectoryId());
            assertEquals("Q1?", flagged.tokens().text().substring(0, 3));
            assertEquals(1, s.query(TrajectoryQuery.builder().lint(LintCode.RESPONSE_LENGTH_MISMATCH.key()).build())
                    .total(), "the lint filter finds it");
        }
    }

    @Test
    void aTrlCompletionLengthColumnIsTheStatedLengthNotAReward(@TempDir Path dir) throws Exception {
        int[] counts = inLossAndSpan(dir, trlTable(dir, "probe", null), ImportFormat.TRL);
        trlTable(dir, "grpo", counts[1] + "," + counts[0]);
        try (WorkbenchStore s = WorkbenchStore.open(dir.resolve("t.db"))) {
            Importers.importInto(s, dir.resolve("grpo"), ImportFormat.TRL, ImportOptions.defaults());
            List<Long> ids = s.query(TrajectoryQuery.all()).rows().stream().map(r -> r.id()).toList();
            List<Long> flagged = s.lints("trl-grpo").stream()
                    .filter(l -> l.finding().code() == LintCode.RESPONSE_LENGTH_MISMATCH)
                    .map(l -> l.finding().trajectoryId()).toList();
            int mismatched = 0;
            for (long id : ids) {
                Trajectory t = s.load(id);
                assertEquals(1.0, t.reward(), 1e-9, "the length column is not summed into the reward");
                double stated = t.rewardComponents().get(ResponseLengthCheck.STATED_KEY);
                int inLoss = 0;
                for (float w : t.tokens().lossWeights()) {
                    inLoss += w > 0 ? 1 : 0;
                }
                assertEquals(stated != inLoss, flagged.contains(id), "trajectory " + id + ": stated " + stated
                        + ", Σ mask " + inLoss);
                mismatched += stated != inLoss ? 1 : 0;
            }
            assertEquals(1, mismatched, "one row states the span, the other Σ mask");
            assertEquals(List.of(), s.lints("trl-grpo").stream()
                    .filter(l -> l.finding().code() == LintCode.REWARD_COMPONENTS_MISMATCH).toList());
        }
    }
}
