package dev.rwb.engine.interop.catalog;

import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.ImportProgress;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipelined import (issue 15): the trajectories come out in source order although they are
 * built on several threads, progress counts the source's bytes, and a cancel or a bad record half
 * way leaves the DB exactly as it was, even after chunks were committed.
 */
class ImportPipelineTest {
    @TempDir
    Path dir;

    /** A verl dump of {@code steps} files × 64 records; record {@code bad} (if ≥ 0) has a textual score. */
    private Path dump(int steps, int bad) throws Exception {
        Path d = Files.createDirectories(dir.resolve("rollouts"));
        int k = 0;
        for (int step = 1; step <= steps; step++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 64; i++, k++) {
                String score = k == bad ? "\"high\"" : String.valueOf(i % 3 == 0 ? 1.0 : 0.0);
                sb.append("{\"input\":\"Question ").append(i / 8).append(": who founded Acme ").append(step)
                        .append("?\",\"output\":\"<think>record ").append(k).append(" thinks</think><search> Acme </search>")
                        .append("<information>Ada founded Acme in ").append(1900 + k).append(".</information><answer> Ada ")
                        .append(k).append(" </answer>\",\"gts\":\"Ada\",\"score\":").append(score).append(",\"step\":")
                        .append(step).append("}\n");
            }
            Files.writeString(d.resolve(step + ".jsonl"), sb);
        }
        return d;
    }

    @Test
    void trajectoriesArriveInSourceOrderAndProgressReachesTheSourceSize() throws Exception {
        Path source = dump(6, -1);
        List<Trajectory> sequential = new ArrayList<>();
        Importers.forFormat(ImportFormat.VERL).read(source, ImportOptions.defaults().withRunName("v"), sequential::add);
        long size = Importers.sizeOf(source);
        AtomicLong lastBytes = new AtomicLong();
        AtomicLong lastCount = new AtomicLong();
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            Importers.importInto(store, source, ImportFormat.VERL, ImportOptions.defaults().withRunName("v"),
                    (bytes, total, n) -> {
                        lastBytes.set(bytes);
                        lastCount.set(n);
                        assertEquals(size, total);
                    }, 8_000);
            List<TrajectorySummary> rows = store.query(TrajectoryQuery.builder().page(0, 1000).build()).rows();
            assertEquals(sequential.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Trajectory stored = store.load(rows.get(i).id());
                assertEquals(sequential.get(i).tokens().text(), stored.tokens().text(), "row " + i);
                assertTrue(sequential.get(i).tokens().contentEquals(stored.tokens()), "row " + i);
            }
        }
        assertEquals(size, lastBytes.get());
        assertEquals(6 * 64, lastCount.get());
    }

    @Test
    void aCancelHalfWayLeavesTheDatabaseAsItWas() throws Exception {
        Path source = dump(8, -1);
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.insert(TestTrajectories.searchEpisode("v", 0, "g", 0, 1.0, true, "Ada"));
            // the writer asks cancelled() once per trajectory it is about to store; progress() is reported
            // at most every so often, so counting the questions (not the reports) makes "300 in" exact
            ImportProgress cancelLate = new ImportProgress() {
                long asked;

                @Override
                public void progress(long bytesRead, long totalBytes, long trajectories) {
                    // not used: the cancel counts questions
                }

                @Override
                public boolean cancelled() {
                    return ++asked > 300;
                }
            };
            // small chunks: several are committed (hidden) before the cancel
            assertThrows(CancellationException.class, () -> Importers.importInto(store, source, ImportFormat.VERL,
                    ImportOptions.defaults().withRunName("v"), cancelLate, 4_000));
            assertEquals(1, store.query(TrajectoryQuery.all()).total());
            assertEquals(1, store.listRuns().size());
        }
        assertEquals(1, raw(db, "SELECT COUNT(*) FROM trajectories"));
        assertEquals(1, raw(db, "SELECT COUNT(*) FROM runs"));
        assertEquals(1, raw(db, "SELECT COUNT(*) FROM trajectory_texts"));
    }

    @Test
    void aBadRecordFoundOnAWorkerStopsTheImportAndStoresNothing() throws Exception {
        Path source = dump(8, 400);
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class, () -> Importers.importInto(
                    store, source, ImportFormat.VERL, ImportOptions.defaults(), ImportProgress.NONE, 4_000));
            // record 400 is line 17 of 7.jsonl (6 × 64 = 384 before it)
            assertTrue(e.getMessage().contains("7.jsonl:17") && e.getMessage().contains("score"), e.getMessage());
            assertEquals(0, store.query(TrajectoryQuery.all()).total());
        }
        assertEquals(0, raw(db, "SELECT COUNT(*) FROM trajectories"));
        assertEquals(0, raw(db, "SELECT COUNT(*) FROM runs"));
    }

    private static long raw(Path db, String sql) {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement();
             var rs = s.executeQuery(sql)) {
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
