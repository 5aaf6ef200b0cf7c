package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.lint.LintCode;
import dev.rwb.engine.store.StoredLint;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lints run on import and are stored; {@code rwb lint --json} re-runs them and prints every finding. */
class LintCommandTest {

    @Test
    void importStoresTheFindingsAndLintPrintsThem(@TempDir Path dir) throws Exception {
        List<Trajectory> ts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ts.add(additive(TestTrajectories.searchEpisode("clean", 1, "", i, 1.0, true, "Ada")));
        }
        // RAGEN #71: the second run's mask is inverted: only the tool response trains
        Trajectory t = additive(TestTrajectories.searchEpisode("inverted", 1, "", 0, 1.0, true, "Ada"));
        TokenArrays a = t.tokens();
        float[] w = new float[a.length()];
        float[] c = new float[a.length()];
        int toolTokens = 0;
        for (int i = 0; i < w.length; i++) {
            if (a.roles()[i] == Role.TOOL_RESPONSE) {
                w[i] = 1f;
                toolTokens++;
            }
        }
        ts.add(t.withTokens(a.withUpdate(w, c, a.clipped())));
        Path dump = dir.resolve("dump.jsonl");
        TrajectoryJsonl.write(ts, dump);
        Path db = dir.resolve("w.db");

        assertEquals("0", ImportCommandTest.run("import", dump.toString(), "--db", db.toString())[0]);
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(List.of(), store.lints("clean"), "the clean run raises nothing");
            List<StoredLint> stored = store.lints("inverted");
            assertEquals(1, stored.stream().filter(s -> s.finding().code() == LintCode.MASKED_ROLE_TRAINED).count(),
                    stored.toString());
            long id = stored.get(0).finding().trajectoryId();
            assertEquals(stored.size(), store.lintCounts(List.of(id)).get(id));
        }

        String[] out = ImportCommandTest.run("lint", "--db", db.toString(), "--json");
        assertEquals("0", out[0], out[2]);
        JsonNode root = new ObjectMapper().readTree(out[1]);
        JsonNode masked = null;
        for (JsonNode f : root.get("findings")) {
            assertEquals("inverted", f.get("run").asText());
            if (f.get("code").asText().equals("masked-role-trained")) {
                masked = f;
            }
        }
        assertTrue(masked != null, out[1]);
        assertEquals(toolTokens, masked.get("positions").size());
        assertEquals("RAGEN #71", masked.get("source").asText());
        assertTrue(masked.get("message").asText().contains("inverted mask"), masked.toString());
        assertEquals(root.get("findings").size(), root.get("count").asInt());

        String[] one = ImportCommandTest.run("lint", "--db", db.toString(), "--run", "clean", "--json");
        assertEquals(0, new ObjectMapper().readTree(one[1]).get("count").asInt());
        assertEquals("1", ImportCommandTest.run("lint", "--db", db.toString(), "--run", "nope")[0]);
    }

    /** The shared fixture's components (correctness 1 + format 0.1 for reward 1) do not add up; make them. */
    private static Trajectory additive(Trajectory t) {
        return new Trajectory(t.id(), t.run(), t.step(), t.promptId(), t.groupId(), t.sampleIndex(), t.task(),
                t.groundTruth(), t.finalAnswer(), t.reward(), Map.of("correctness", t.reward()), t.correct(),
                t.finishReason(), t.numToolCalls(), t.textOnly(), t.policySegments(), t.tokens());
    }
}
