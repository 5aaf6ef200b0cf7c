package dev.rwb.engine.cli;

import dev.rwb.engine.interop.Fixtures;
import dev.rwb.engine.store.RunSummary;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.rwb.engine.cli.ImportCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's rough edges (issue 14): help, missing databases, failed exports, re-imports. */
class CliDefectsTest {

    @Test
    void helpListsEveryCommandGuiIncluded() {
        String[] help = run("--help");
        assertEquals("0", help[0]);
        var names = new CommandLine(new Rwb()).getSubcommands().keySet();
        assertTrue(names.contains("gui"), names.toString());
        for (String name : names) {
            assertTrue(help[1].contains("\n  " + name + " "), "rwb --help misses " + name + ":\n" + help[1]);
        }
        // a bare '%' in a description ("95% intervals") makes picocli warn on every --help
        assertFalse(help[2].contains("WARN"), help[2]);
        String[] gui = run("gui");
        assertEquals("2", gui[0]);
        assertTrue(gui[2].contains("./rwb gui"), gui[2]);
    }

    @Test
    void readingCommandsNeverCreateADatabase(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("missing.db");
        for (String[] args : List.of(
                new String[] {"export", "html", "--db", missing.toString(), "--trajectory", "1", "-o", dir.resolve("t.html").toString()},
                new String[] {"export", "jsonl", "--db", missing.toString()},
                new String[] {"runs", "--db", missing.toString()},
                new String[] {"report", "--db", missing.toString(), "--runs", "a", "--out", dir.resolve("r.png").toString()})) {
            String[] r = run(args);
            assertEquals("1", r[0], String.join(" ", args) + ": " + r[2]);
            assertTrue(r[2].contains("no database at --db " + missing), r[2]);
        }
        assertFalse(Files.exists(missing), "a reading command created the database");
        assertFalse(Files.exists(dir.resolve("t.html")));
        assertFalse(Files.exists(dir.resolve("r.png")));

        // Without --db and RWB_DB, the default DB in the data folder must exist already (real process: environment).
        Map<String, String> env = new HashMap<>();
        env.put("RWB_DB", null);
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        RwbProcess noDefault = RwbProcess.run(env, "export", "html", "--trajectory", "1", "-o", dir.resolve("d.html").toString());
        assertEquals(1, noDefault.code(), noDefault.stderr());
        assertTrue(noDefault.stderr().contains("no database at the default database " + dir.resolve("data")), noDefault.stderr());
        assertTrue(noDefault.stderr().contains("give --db PATH or set RWB_DB"), noDefault.stderr());
        assertFalse(Files.exists(dir.resolve("data").resolve("rollout-workbench").resolve("workbench.db")));
        assertFalse(Files.exists(dir.resolve("d.html")));
        env.put("RWB_DB", dir.resolve("env.db").toString());
        RwbProcess noEnvDb = RwbProcess.run(env, "runs");
        assertEquals(1, noEnvDb.code(), noEnvDb.stderr());
        assertTrue(noEnvDb.stderr().contains("$RWB_DB=" + dir.resolve("env.db")), noEnvDb.stderr());
        assertFalse(Files.exists(dir.resolve("env.db")));
    }

    @Test
    void aFailedExportLeavesNoFileAndKeepsAnOldOne(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        assertEquals("0", run("import", Fixtures.verlDump(dir).toString(), "--db", db.toString(), "--run", "v")[0]);
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        String[] failed = run("export", "html", "--db", db.toString(), "--trajectory", "999", "-o", out.resolve("t.html").toString());
        assertEquals("1", failed[0]);
        assertTrue(failed[2].contains("no trajectory with id 999"), failed[2]);
        Files.writeString(out.resolve("old.csv"), "kept\n");
        String[] noRun = run("export", "metrics", "--db", db.toString(), "--run", "nope", "-o", out.resolve("old.csv").toString());
        assertEquals("1", noRun[0]);
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("old.csv"), files.map(p -> p.getFileName().toString()).toList(), "no partial or temp file");
        }
        assertEquals("kept\n", Files.readString(out.resolve("old.csv")));
        assertEquals("0", run("export", "html", "--db", db.toString(), "--trajectory", "1", "-o", out.resolve("t.html").toString())[0]);
        assertTrue(Files.readString(out.resolve("t.html")).contains("<html"));
    }

    @Test
    void reImportingTheSameContentIsRefusedUnlessForced(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        Path dump = Fixtures.verlDump(dir.resolve("a"));
        assertEquals("0", run("import", dump.toString(), "--db", db.toString(), "--run", "v")[0]);
        long before = trajectories(db);

        String[] again = run("import", dump.toString(), "--db", db.toString(), "--run", "v");
        assertEquals("1", again[0]);
        assertTrue(again[2].contains("same content as " + dump.toAbsolutePath()) && again[2].contains("into run(s) [v]")
                && again[2].contains("--allow-duplicate"), again[2]);
        // the same bytes under another name and run are the same content
        Path copy = dir.resolve("b");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.walk(dump)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(dump.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
        assertEquals("1", run("import", copy.toString(), "--db", db.toString(), "--run", "w")[0]);
        assertEquals(before, trajectories(db), "a refused import stored nothing");

        String[] forced = run("import", dump.toString(), "--db", db.toString(), "--run", "v", "--allow-duplicate");
        assertEquals("0", forced[0], forced[2]);
        assertEquals(2 * before, trajectories(db));
    }

    private static long trajectories(Path db) {
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            return store.listRuns().stream().mapToLong(RunSummary::trajectories).sum();
        }
    }
}
