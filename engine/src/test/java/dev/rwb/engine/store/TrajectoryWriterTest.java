package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.TestTrajectories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrajectoryWriterTest {

    @Test
    void batchesCommitOnceAndAreInvisibleBefore(@TempDir Path dir) {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db); WorkbenchStore reader = WorkbenchStore.open(db)) {
            try (TrajectoryWriter w = store.openWriter(3)) {
                for (int i = 0; i < 7; i++) {
                    w.write(TestTrajectories.searchEpisode("r", i, "g", i, 1.0, true, "Ada"));
                }
                assertEquals(7, w.count());
                // Two batches of 3 were written inside the open transaction; another connection sees none.
                assertEquals(0, reader.query(TrajectoryQuery.all()).total());
                w.commit();
            }
            assertEquals(7, reader.query(TrajectoryQuery.all()).total());
            assertEquals(7, store.query(TrajectoryQuery.all()).total());
        }
    }

    @Test
    void closingWithoutCommitRollsBackTrajectoriesAndRuns(@TempDir Path dir) {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.insert(TestTrajectories.searchEpisode("kept", 0, "g", 0, 1.0, true, "Ada"));
            try (TrajectoryWriter w = store.openWriter(2)) {
                for (int i = 0; i < 5; i++) {
                    w.write(TestTrajectories.searchEpisode("new-run", i, "g", i, 0.0, false, "Bob"));
                }
                store.addStepMetrics(store.findRun("new-run").orElseThrow().id(), 1, java.util.Map.of("loss", 1.0));
            }
            assertEquals(1, store.query(TrajectoryQuery.all()).total());
            assertTrue(store.findRun("new-run").isEmpty(), "the run created inside the writer is rolled back");
            assertEquals(1, store.listRuns().size());
            // The store is usable afterwards, and a run of the same name can be created again.
            store.insert(TestTrajectories.searchEpisode("new-run", 0, "g", 0, 1.0, true, "Ada"));
            assertEquals(2, store.query(TrajectoryQuery.all()).total());
        }
    }

    @Test
    void chunksTakeTheIdsAfterTheLargestAndTheTextIndexIsSetForBulkWrites(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            java.util.List<Long> first = store.insertAll(java.util.List.of(
                    TestTrajectories.searchEpisode("a", 0, "g", 0, 1.0, true, "Ada"),
                    TestTrajectories.searchEpisode("a", 1, "g", 1, 0.0, false, "Bob"),
                    TestTrajectories.searchEpisode("b", 2, "g", 2, 0.5, false, "Cy")));
            assertEquals(java.util.List.of(1L, 2L, 3L), first);
            store.deleteRun(store.findRun("b").orElseThrow().id());
            java.util.List<Long> stored = new java.util.ArrayList<>();
            try (TrajectoryWriter w = store.openWriter(2)) {
                w.onChunkStored(stored::addAll);
                for (int i = 0; i < 5; i++) {
                    w.write(TestTrajectories.searchEpisode("c", i, "g", i, 1.0, true, "Dee" + i));
                }
                w.commit();
            }
            // the deleted row's id 3 is the next one again, as SQLite numbers rows without AUTOINCREMENT
            assertEquals(java.util.List.of(3L, 4L, 5L, 6L, 7L), stored);
            for (int i = 0; i < 5; i++) {
                assertEquals("Dee" + i, store.load(stored.get(i)).finalAnswer());
            }
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT k, v FROM trajectory_grams_config WHERE k IN ('hashsize', 'automerge') ORDER BY k")) {
            assertTrue(rs.next());
            assertEquals("automerge", rs.getString(1));
            assertEquals(16, rs.getInt(2));
            assertTrue(rs.next());
            assertEquals(64 << 20, rs.getInt(2));
        }
    }

    @Test
    void oneWriterAtATimeAndNoWritesAfterCommit(@TempDir Path dir) {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            TrajectoryWriter w = store.openWriter(10);
            assertThrows(IllegalStateException.class, () -> store.openWriter(10));
            w.commit();
            assertThrows(IllegalStateException.class,
                    () -> w.write(TestTrajectories.searchEpisode("r", 0, "g", 0, 1.0, true, "Ada")));
            w.close();
            assertThrows(IllegalArgumentException.class, () -> store.openWriter(0));
        }
    }
}
