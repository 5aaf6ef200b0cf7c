package dev.rwb.app.importer;

import dev.rwb.app.task.SameThreadTasks;
import dev.rwb.engine.interop.ImportFormat;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportViewModelTest {

    private static String verlLine(int i) {
        return "{\"input\":\"Question: who founded Acme?\",\"output\":\"<think>search</think><search> Acme </search>"
                + "<information>Ada founded Acme.</information><answer> " + (i % 2 == 0 ? "Ada" : "Bob")
                + " </answer>\",\"gts\":\"Ada\",\"score\":" + (i % 2 == 0 ? 1.0 : 0.0) + ",\"step\":3}";
    }

    @Test
    void importsAVerlDumpAndReportsBadFilesWithoutChangingTheDb(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        Path dump = Files.createDirectories(dir.resolve("rollouts"));
        Files.writeString(dump.resolve("3.jsonl"), verlLine(0) + "\n" + verlLine(1) + "\n");
        ImportViewModel model = new ImportViewModel(db, new SameThreadTasks());
        AtomicInteger imported = new AtomicInteger();

        model.sourceProperty().set(dump.toString());
        model.startImport(s -> imported.incrementAndGet());
        assertFalse(model.failedProperty().get(), model.messageProperty().get());
        assertEquals(1, imported.get());
        assertTrue(model.messageProperty().get().contains("2 trajectories"), model.messageProperty().get());

        Files.writeString(dump.resolve("4.jsonl"), verlLine(2) + "\n{\"input\":\"Q\",\"output\":\"x\",\"score\":\"high\",\"step\":4}\n");
        model.formatProperty().set(ImportFormat.VERL);
        model.runNameProperty().set("second");
        model.startImport(s -> imported.incrementAndGet());
        assertTrue(model.failedProperty().get());
        assertTrue(model.messageProperty().get().contains("4.jsonl:2: field 'score'"), model.messageProperty().get());
        assertEquals(1, imported.get());
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(2, store.query(TrajectoryQuery.all()).total(), "the failed import stored nothing");
            assertTrue(store.findRun("second").isEmpty());
        }

        model.sourceProperty().set(dir.resolve("missing").toString());
        model.startImport(s -> imported.incrementAndGet());
        assertTrue(model.messageProperty().get().endsWith("no such file or folder"));
    }

    @Test
    void aCancelledImportStoresNothingAndSaysSo(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        Path dump = Files.createDirectories(dir.resolve("rollouts"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            lines.append(verlLine(i)).append('\n');
        }
        Files.writeString(dump.resolve("3.jsonl"), lines);
        ImportViewModel model = new ImportViewModel(db, new SameThreadTasks());
        // the first progress report (after the first trajectory) asks to cancel, as the Cancel button does
        model.progressTextProperty().addListener((obs, was, now) -> model.cancel());
        model.sourceProperty().set(dump.toString());
        model.startImport(s -> { });
        assertFalse(model.failedProperty().get(), model.messageProperty().get());
        assertFalse(model.runningProperty().get());
        assertTrue(model.messageProperty().get().startsWith("Import cancelled: nothing was imported"),
                model.messageProperty().get());
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(0, store.query(TrajectoryQuery.all()).total());
            assertTrue(store.listRuns().isEmpty());
        }
    }
}
