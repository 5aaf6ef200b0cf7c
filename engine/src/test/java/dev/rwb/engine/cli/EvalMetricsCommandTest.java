package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.eval.PassAtK;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rwb eval --best-of N --select …} stores N samples per problem as a group and reports the
 * selected answer's accuracy; {@code rwb eval --run R} recomputes pass@k from the stored groups.
 */
class EvalMetricsCommandTest {

    @Test
    void bestOfStoresGroupsAndStoredRunsGivePassAtK(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        Path ck = dir.resolve("ck");
        String[] sft = ImportCommandTest.run("sft", "--task", "arithmetic", "--level", "1", "--steps", "2",
                "--demonstrations", "16", "--heldout", "1", "--out", ck.toString(), "--name", "warm",
                "--db", db.toString(), "--json");
        assertEquals("0", sft[0], sft[2]);

        String[] eval = ImportCommandTest.run("eval", "--checkpoint", ck.toString(), "--task", "arithmetic",
                "--level", "1", "--n", "3", "--best-of", "4", "--select", "verifier", "--temperature", "1.0",
                "--name", "bo", "--db", db.toString(), "--json");
        assertEquals("0", eval[0], eval[2]);
        JsonNode r = new ObjectMapper().readTree(eval[1]);
        assertEquals(12, r.get("episodes").asInt());

        Map<String, int[]> groups = new LinkedHashMap<>();
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            List<TrajectorySummary> rows = store.query(TrajectoryQuery.builder().run("bo").page(0, 100).build()).rows();
            assertEquals(12, rows.size());
            for (TrajectorySummary s : rows) {
                int[] nc = groups.computeIfAbsent(s.groupId(), g -> new int[2]);
                nc[0]++;
                nc[1] += s.correct() ? 1 : 0;
            }
        }
        assertEquals(3, groups.size(), "one group per problem");
        double pass4 = 0;
        double pass2 = 0;
        for (int[] nc : groups.values()) {
            assertEquals(4, nc[0]);
            pass4 += (nc[1] > 0 ? 1.0 : 0.0) / 3;
            pass2 += PassAtK.passAtK(4, nc[1], 2) / 3;
        }
        // the verifier picks a correct sample whenever there is one: its accuracy is pass@N
        assertEquals(pass4, r.get("best_of").get("accuracy").asDouble(), 1e-12);
        assertEquals("verifier", r.get("best_of").get("select").asText());
        assertEquals(pass4, r.get("metrics").get("pass@4").get("value").asDouble(), 1e-12);

        String[] stored = ImportCommandTest.run("eval", "--run", "bo", "--k", "2", "--db", db.toString(), "--json");
        assertEquals("0", stored[0], stored[2]);
        JsonNode m = new ObjectMapper().readTree(stored[1]).get("metrics");
        assertEquals(pass2, m.get("pass@2").get("value").asDouble(), 1e-12);
        JsonNode ci = m.get("pass@2");
        assertTrue(ci.get("low").asDouble() <= ci.get("value").asDouble()
                && ci.get("value").asDouble() <= ci.get("high").asDouble(), ci.toString());

        assertEquals("2", ImportCommandTest.run("eval", "--checkpoint", ck.toString(), "--task", "arithmetic",
                "--n", "2", "--samples", "3", "--db", db.toString())[0], "several samples need a temperature");
        assertEquals("1", ImportCommandTest.run("eval", "--run", "bo", "--k", "5", "--db", db.toString())[0]);
    }
}
