package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportCommandTest {

    /** Runs the command line in-process and captures stdout and stderr. */
    static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            int code = new CommandLine(new Rwb()).execute(args);
            return new String[]{String.valueOf(code), o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void importIsAllOrNothingAndRunsAreListed(@TempDir Path dir) throws Exception {
        List<Trajectory> ts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ts.add(TestTrajectories.searchEpisode(i < 3 ? "a" : "b", i, "g", i, i * 0.2, i % 2 == 0, "Ada"));
        }
        Path good = dir.resolve("good.jsonl");
        TrajectoryJsonl.write(ts, good);
        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        lines.set(3, lines.get(3).replace("\"REASONING\"", "\"DAYDREAM\""));
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, lines);
        Path db = dir.resolve("w.db");

        String[] failed = run("import", bad.toString(), "--db", db.toString());
        assertEquals("1", failed[0]);
        assertTrue(failed[2].contains("bad.jsonl:4: field 'tokens.role[4]': unknown role 'DAYDREAM'"), failed[2]);
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(0, store.query(TrajectoryQuery.all()).total(), "a bad line imports nothing");
        }

        assertEquals("0", run("import", good.toString(), "--db", db.toString())[0]);
        String[] runs = run("runs", "--db", db.toString(), "--json");
        assertEquals("0", runs[0]);
        JsonNode arr = new ObjectMapper().readTree(runs[1]);
        assertEquals(2, arr.size());
        assertEquals("a", arr.get(0).get("name").asText());
        assertEquals(3, arr.get(0).get("trajectories").asInt());
        assertEquals(2, arr.get(1).get("trajectories").asInt());

        assertEquals("2", run("import", dir.resolve("missing.jsonl").toString(), "--db", db.toString())[0]);
    }

    @Test
    void foreignDumpsImportWithAJsonSummaryOrNotAtAll(@TempDir Path dir) throws Exception {
        Path dump = dev.rwb.engine.interop.Fixtures.verlDump(dir);
        Path db = dir.resolve("w.db");
        String[] ok = run("import", dump.toString(), "--db", db.toString(), "--run", "search-r1", "--json");
        assertEquals("0", ok[0], ok[2]);
        JsonNode summary = new ObjectMapper().readTree(ok[1]);
        assertEquals("verl", summary.get("format").asText());
        assertEquals(8, summary.get("trajectories").asInt());
        assertEquals(2, summary.get("steps").asInt());
        assertEquals("search-r1", summary.get("runs").get(0).asText());
        assertTrue(summary.get("tokens").asLong() > 100);

        Path chats = dir.resolve("chats.jsonl");
        Files.writeString(chats, "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, "
                + "{\"role\": \"assistant\", \"content\": \"hello\"}]}\n{\"messages\": [{\"role\": 7}]}\n");
        String[] bad = run("import", chats.toString(), "--db", db.toString());
        assertEquals("1", bad[0]);
        assertTrue(bad[2].contains("nothing imported: chats.jsonl:2: field 'messages[0].role': expected a string, found 7"),
                bad[2]);
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(8, store.query(TrajectoryQuery.all()).total(), "the failed import left the DB as it was");
            assertEquals(1, store.listRuns().size());
        }

        Path odd = dir.resolve("odd.jsonl");
        Files.writeString(odd, "{\"foo\": 1}\n");
        String[] unknown = run("import", odd.toString(), "--db", db.toString());
        assertEquals("1", unknown[0]);
        assertTrue(unknown[2].contains("cannot tell the format"), unknown[2]);
        String[] wrongFormat = run("import", odd.toString(), "--db", db.toString(), "--format", "parquet");
        assertEquals("1", wrongFormat[0]);
        assertTrue(wrongFormat[2].contains("unknown format 'parquet'"), wrongFormat[2]);
        String[] badTokenizer = run("import", dump.toString(), "--db", db.toString(), "--tokenizer", odd.toString());
        assertEquals("1", badTokenizer[0]);
    }
}
