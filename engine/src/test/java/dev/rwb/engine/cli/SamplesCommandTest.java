package dev.rwb.engine.cli;

import dev.rwb.engine.config.MaskPreset;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.simulate.SampleGenerator;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplesCommandTest {

    @Test
    void writesRunsMetricsAndTrajectoriesIntoTheDbAndFiles(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        Path out = dir.resolve("jsonl");
        String[] r = ImportCommandTest.run("samples", "--db", db.toString(), "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[2].contains("576 trajectories of 2 runs"), r[2]);

        List<Trajectory> fromFile = TrajectoryJsonl.read(out.resolve("grpo-unmasked.jsonl"));
        assertEquals(288, fromFile.size());
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(576, store.query(TrajectoryQuery.all()).total());
            RunInfo masked = store.findRun("grpo-searchr1-masked").orElseThrow();
            assertEquals("sample", masked.kind());
            assertEquals(MaskPreset.SEARCH_R1, RunConfigReader.parse(masked.configJson(), "masked").mask().preset(),
                    "a sample run stores a run config: " + masked.configJson());
            List<StepMetric> metrics = store.stepMetrics(masked.id());
            assertEquals(6 * 8, metrics.size());
            assertEquals(SampleGenerator.STEPS.get(5), metrics.get(metrics.size() - 1).step());
            Trajectory first = fromFile.get(0);
            TrajectoryQuery sameGroup = TrajectoryQuery.builder().run("grpo-unmasked")
                    .stepRange(first.step(), first.step()).task(first.task()).build();
            long id = store.query(sameGroup).rows().stream()
                    .filter(s -> s.step() == first.step()
                            && s.promptId().equals(first.promptId()) && s.sampleIndex() == first.sampleIndex())
                    .findFirst().orElseThrow().id();
            assertTrue(store.load(id).tokens().contentEquals(first.tokens()));
        }

        String[] again = ImportCommandTest.run("samples", "--db", db.toString());
        assertEquals("1", again[0]);
        assertTrue(again[2].contains("already exists"), again[2]);
    }

    @Test
    void outAloneLeavesTheDefaultDbAlone(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("files");
        String[] r = ImportCommandTest.run("samples", "--out", out.toString(), "--seed", "3");
        assertEquals("0", r[0], r[2]);
        assertFalse(r[2].contains("into"), r[2]);
        assertTrue(Files.size(out.resolve("grpo-searchr1-masked.jsonl")) > 0);
    }
}
