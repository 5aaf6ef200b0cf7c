package dev.rwb.engine.store;

import dev.rwb.engine.palette.ScaleContext;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
