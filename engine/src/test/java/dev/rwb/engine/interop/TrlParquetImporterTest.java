package dev.rwb.engine.interop;

import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrlParquetImporterTest {

    /** Writes a Parquet file with DuckDB from a SELECT. */
    static void parquet(Path file, String select) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + file.toAbsolutePath().toString().replace("'", "''")
                    + "' (FORMAT PARQUET)");
        }
    }

    static Path trlOutput(Path dir) throws Exception {
        Path completions = Files.createDirectories(dir.resolve("grpo-out").resolve("completions"));
        parquet(completions.resolve("completions_00010.parquet"), "SELECT * FROM (VALUES "
                + "(10, 'What is 2+2?', '<think>2+2</think><answer>4</answer>', 1.0, 0.5, 0.7),"
                + "(10, 'What is 2+2?', '<answer>5</answer>', 0.0, 0.5, -0.7),"
                + "(10, 'Name a colour.', 'blue, obviously', 0.0, 0.0, 0.0)) "
                + "AS t(step, prompt, completion, accuracy_reward, format_reward, advantage)");
        parquet(completions.resolve("completions_00020.parquet"), "SELECT 20 AS step, "
                + "[{'role': 'user', 'content': 'Hi?'}] AS prompt, "
                + "[{'role': 'assistant', 'content': '<answer>hello</answer>'}] AS completion, "
                + "1.0 AS accuracy_reward, 0.25 AS advantage");
        return dir.resolve("grpo-out");
    }

    @Test
    void completionsRewardsAndAdvantagesAreRead(@TempDir Path dir) throws Exception {
        Path out = trlOutput(dir);
        assertEquals(ImportFormat.TRL, Importers.detect(out));
        List<Trajectory> ts = new ArrayList<>();
        Importers.forFormat(ImportFormat.TRL).read(out, ImportOptions.defaults(), ts::add);
        assertEquals(4, ts.size());
        Trajectory t = ts.get(0);
        assertEquals("trl-grpo-out", t.run());
        assertEquals(10, t.step());
        assertEquals(1.5, t.reward(), 1e-9, "reward = sum of the raw reward columns");
        assertEquals(1.0, t.rewardComponents().get("accuracy_reward"));
        assertEquals(0.5, t.rewardComponents().get("format_reward"));
        assertEquals("4", t.finalAnswer());
        assertTrue(t.correct());
        assertTrue(t.textOnly());
        TokenArrays a = t.tokens();
        assertEquals("What is 2+2?<think>2+2</think><answer>4</answer>", a.text());
        assertEquals(Role.PROMPT, a.roles()[0]);
        assertEquals(Role.ANSWER, a.roles()[a.length() - 1]);
        assertEquals(0.7f, a.advantages()[a.length() - 1], 1e-6);
        assertEquals(t.groupId(), ts.get(1).groupId());
        assertEquals(1, ts.get(1).sampleIndex());
        assertEquals(-0.7f, ts.get(1).tokens().advantages()[ts.get(1).tokens().length() - 1], 1e-6);
        Trajectory chat = ts.get(3);
        assertEquals(20, chat.step());
        assertEquals("Hi?\n<answer>hello</answer>\n", chat.tokens().text());
        assertEquals("hello", chat.finalAnswer());
    }

    @Test
    void missingColumnsAndGarbageFailAndImportNothing(@TempDir Path dir) throws Exception {
        Path out = trlOutput(dir);
        Path bad = out.resolve("completions").resolve("completions_00030.parquet");
        parquet(bad, "SELECT 30 AS step, 'p' AS prompt, 1.0 AS advantage");
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class,
                    () -> Importers.importInto(store, out, ImportFormat.TRL, ImportOptions.defaults()));
            assertTrue(e.getMessage().startsWith("completions_00030.parquet:0: field 'completion': missing column"),
                    e.getMessage());
            assertEquals(0, store.query(TrajectoryQuery.all()).total());

            Files.write(bad, new byte[]{'P', 'A', 'R', '1', 1, 2, 3, 4, 5});
            e = assertThrows(TrajectoryFormatException.class,
                    () -> Importers.importInto(store, out, ImportFormat.TRL, ImportOptions.defaults()));
            assertTrue(e.getMessage().startsWith("completions_00030.parquet:0: not a readable Parquet file"),
                    e.getMessage());

            parquet(bad, "SELECT 'thirty' AS step, 'p' AS prompt, 'c' AS completion");
            e = assertThrows(TrajectoryFormatException.class,
                    () -> Importers.importInto(store, out, ImportFormat.TRL, ImportOptions.defaults()));
            assertEquals("completions_00030.parquet:1: field 'step': expected an integer step, found thirty",
                    e.getMessage());
            assertEquals(0, store.query(TrajectoryQuery.all()).total());
            Files.delete(bad);
            assertEquals(4, Importers.importInto(store, out, ImportFormat.TRL, ImportOptions.defaults()).trajectories());
        }
    }
}
