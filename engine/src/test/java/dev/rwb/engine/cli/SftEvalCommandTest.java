package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SftEvalCommandTest {

    @Test
    void sftWritesLossCurveAndCheckpointThenEvalStoresEpisodes(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        Path ck = dir.resolve("ck");
        String[] sft = ImportCommandTest.run("sft", "--task", "arithmetic", "--level", "1", "--steps", "4",
                "--demonstrations", "16", "--heldout", "2", "--out", ck.toString(), "--name", "warm",
                "--db", db.toString(), "--json");
        assertEquals("0", sft[0], sft[2]);
        JsonNode result = new ObjectMapper().readTree(sft[1]);
        assertTrue(result.has("eval_accuracy") && result.has("eval_sampled_accuracy") && result.has("eval_format_rate"),
                sft[1]);
        assertTrue(Files.isRegularFile(ck.resolve("parameters.bin")), "checkpoint written");

        String[] eval = ImportCommandTest.run("eval", "--checkpoint", ck.toString(), "--task", "arithmetic",
                "--level", "1", "--n", "2", "--name", "check", "--db", db.toString(), "--json");
        assertEquals("0", eval[0], eval[2]);
        assertEquals(2, new ObjectMapper().readTree(eval[1]).get("episodes").asInt());

        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            RunInfo warm = store.findRun("warm").orElseThrow();
            assertEquals("sft", warm.kind());
            List<StepMetric> metrics = store.stepMetrics(warm.id());
            assertEquals(List.of(1, 2, 3, 4), metrics.stream().filter(m -> m.name().equals("loss"))
                    .map(StepMetric::step).toList(), "one loss point per warm-start step");
            assertTrue(metrics.stream().anyMatch(m -> m.name().equals("eval_accuracy")));
            assertEquals(2, store.query(TrajectoryQuery.builder().run("check").build()).total());
            assertEquals("eval", store.findRun("check").orElseThrow().kind());
        }
        String[] budget = ImportCommandTest.run("sft", "--task", "arithmetic", "--steps", "1000", "--minutes", "0.0001",
                "--demonstrations", "16", "--heldout", "1", "--out", dir.resolve("ck2").toString(), "--name", "short",
                "--db", db.toString(), "--json");
        assertEquals("0", budget[0], budget[2]);
        assertEquals(1, new ObjectMapper().readTree(budget[1]).get("steps").asInt(), "the time budget ends the warm start");
        assertEquals("2", ImportCommandTest.run("eval", "--checkpoint", dir.resolve("none").toString(),
                "--task", "arithmetic", "--db", db.toString())[0]);
    }

    @Test
    void sftFromACheckpointContinuesItsWarmStart(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        String[] fresh = ImportCommandTest.run("sft", "--task", "arithmetic", "--steps", "12", "--demonstrations", "32",
                "--heldout", "1", "--out", first.toString(), "--name", "fresh", "--db", db.toString());
        assertEquals("0", fresh[0], fresh[2]);
        String[] more = ImportCommandTest.run("sft", "--task", "arithmetic", "--steps", "3", "--demonstrations", "32",
                "--heldout", "1", "--from", first.toString(), "--out", second.toString(), "--name", "more",
                "--db", db.toString());
        assertEquals("0", more[0], more[2]);
        assertTrue(more[2].contains("model from checkpoint"), more[2]);
        assertEquals(Files.readString(first.resolve("vocabulary.json")), Files.readString(second.resolve("vocabulary.json")),
                "the continued model keeps the checkpoint's vocabulary");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            double freshFirst = firstLoss(store, "fresh");
            double continuedFirst = firstLoss(store, "more");
            assertTrue(continuedFirst < 0.8 * freshFirst,
                    "the continued warm start starts where the first one ended: " + continuedFirst + " vs " + freshFirst);
        }
        assertEquals("2", ImportCommandTest.run("sft", "--task", "arithmetic", "--steps", "1", "--from",
                dir.resolve("none").toString(), "--out", dir.resolve("x").toString(), "--db", db.toString())[0],
                "a missing checkpoint is an error");
    }

    private static double firstLoss(WorkbenchStore store, String run) {
        return store.stepMetrics(store.findRun(run).orElseThrow().id()).stream()
                .filter(m -> m.name().equals("loss") && m.step() == 1).findFirst().orElseThrow().value();
    }
}
