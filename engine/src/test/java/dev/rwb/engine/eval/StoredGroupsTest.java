package dev.rwb.engine.eval;

import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TestTrajectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stored groups as eval problems: a sample without a verdict is left out, never counted as wrong. */
class StoredGroupsTest {
    @Test
    void unjudgedSamplesAreLeftOutNotCountedWrong(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("g.db"))) {
            // group a: one correct, one wrong, two never scored; group b: nothing scored at all
            store.insert(TestTrajectories.searchEpisode("r", 0, "a", 0, 1.0, true, "Ada"));
            store.insert(TestTrajectories.searchEpisode("r", 0, "a", 1, 0.0, false, "Bob"));
            store.insert(TestTrajectories.searchEpisode("r", 0, "a", 2, Double.NaN, false, "Ada"));
            store.insert(TestTrajectories.searchEpisode("r", 0, "a", 3, Double.NaN, false, "Ada"));
            store.insert(TestTrajectories.searchEpisode("r", 0, "b", 0, Double.NaN, false, "Cy"));
            store.insert(TestTrajectories.searchEpisode("r", 0, "b", 1, Double.NaN, false, "Cy"));

            List<ProblemSamples> problems = StoredGroups.problems(store, "r", 0);
            assertEquals(1, problems.size(), "a group with no verdict is no problem to score");
            assertEquals(2, problems.get(0).n(), "only the judged samples count");
            assertEquals(1, problems.get(0).c());
            // pass@2 of 1 correct in 2 = 1 - C(1,2)/C(2,2) = 1 and mean@2 = 0.5; with the unknowns as wrong, 1 of 4: 0.5 and 0.25
            assertEquals(1.0, EvalMetrics.builder(2).optResamples(1).build().compute(problems).get("pass@2").value(), 1e-12);
            assertEquals(0.5, EvalMetrics.builder(2).optResamples(1).build().compute(problems).get("mean@2").value(), 1e-12);
        }
    }
}
