package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TestTrajectories;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One validator for every importer's output (issue 17): each impossible value the fault campaign
 * got past an importer is refused with its field named, and the database stays empty.
 */
class ImportValidationTest {
    @TempDir
    Path dir;

    /** A valid workbench JSONL record, as a tree to damage. */
    private static ObjectNode record() throws Exception {
        String line = TrajectoryJsonl.toLine(TestTrajectories.searchEpisode("r", 1, "g", 0, 1.0, true, "Ada"));
        return (ObjectNode) Fixtures.JSON.readTree(line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "negative token id     | tokens.token_ids[2]     | token id -2147483648 is negative",
            "overflowing float     | tokens.logprob[5]       | must be a finite number",
            "overflowing reward    | reward                  | must be a finite number",
            "positive logprob      | tokens.logprob[5]       | log-probability",
            "positive ref logprob  | tokens.ref_logprob[5]   | log-probability",
            "negative step         | step                    | must be ≥ 0, found -3",
            "negative sample index | sample_index            | must be ≥ 0, found -1",
            "no tokens             | tokens.token_ids        | has no tokens",
            "lone surrogate        | tokens.token_text[1]    | lone surrogate \\ud800",
            // the trajectory's text is well-formed (the pair is whole once the tokens are joined), the
            // token texts are not: the validator's shortcut over the text must not hide it
            "split surrogate pair  | tokens.token_text[1]    | lone surrogate \\ud83d",
    })
    void workbenchJsonlRefusesImpossibleValues(String damage, String field, String problem) throws Exception {
        ObjectNode o = record();
        ObjectNode tok = (ObjectNode) o.get("tokens");
        switch (damage.strip()) {
            case "negative token id" -> ((ArrayNode) tok.get("token_ids")).set(2, Integer.MIN_VALUE);
            case "positive logprob" -> ((ArrayNode) tok.get("logprob")).set(5, 3.5);
            case "positive ref logprob" -> ((ArrayNode) tok.get("ref_logprob")).set(5, 0.5);
            case "negative step" -> o.put("step", -3);
            case "negative sample index" -> o.put("sample_index", -1);
            case "no tokens" -> tok.fieldNames().forEachRemaining(name -> tok.putArray(name));
            case "split surrogate pair" -> {
                ((ArrayNode) tok.get("token_text")).set(1, "@@high@@");
                ((ArrayNode) tok.get("token_text")).set(2, "@@low@@");
            }
            default -> { }
        }
        String line = o.toString();
        line = switch (damage.strip()) {
            // numbers a double cannot hold: Jackson reads them as ±infinity
            case "overflowing float" -> line.replaceFirst("(\"logprob\":\\[(?:[^,]*,){5})[^,\\]]*", "$1-1e999");
            case "overflowing reward" -> line.replaceFirst("\"reward\":[^,]*", "\"reward\":1e999");
            case "lone surrogate" -> line.replace("\" founded\"", "\"\\ud800\"");
            case "split surrogate pair" -> line.replace("\"@@high@@\"", "\"\\ud83d\"").replace("\"@@low@@\"", "\"\\ude00\"");
            default -> line;
        };
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, line + "\n");
        assertRefused(file, field.strip(), problem.strip());
    }

    @Test
    void primeRlPositiveLogprobIsRefusedLikeEveryOtherFormat() throws Exception {
        ObjectNode seq = PrimeRlImporterTest.sequence(1, null, 1);
        ((ArrayNode) seq.get("inference_logprobs")).set(5, 3.5);
        Path rank = Files.createDirectories(dir.resolve("out/token_exports/step_1")).resolve("rank_0.jsonl");
        Fixtures.writeLines(rank, List.of(seq.toString()));
        assertRefused(dir.resolve("out"), "tokens.logprob[5]", "a log-probability must be ≤ 0");
    }

    @Test
    void autoDetectionReportsTheJsonErrorOfLineOne() throws Exception {
        Path file = dir.resolve("broken.jsonl");
        Files.writeString(file, "{\"run\": \"r\", \"tokens\": {\"token_ids\": [1, 2,, 3]}}\n");
        TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class, () -> Importers.detect(file));
        assertTrue(e.getMessage().contains("broken.jsonl:1") && e.getMessage().contains("not valid JSON")
                && e.getMessage().contains("Unexpected character (','"), e.getMessage());
    }

    @Test
    void aValidRecordStillImports() throws Exception {
        Path file = dir.resolve("good.jsonl");
        Files.writeString(file, record().toString() + "\n");
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            assertEquals(1, Importers.importInto(store, file, Importers.detect(file), ImportOptions.defaults())
                    .trajectories());
        }
    }

    private void assertRefused(Path source, String field, String problem) throws Exception {
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class,
                    () -> Importers.importInto(store, source, Importers.detect(source), ImportOptions.defaults()));
            assertEquals(field, e.field(), e.getMessage());
            assertTrue(e.getMessage().contains(problem), e.getMessage());
            assertTrue(store.listRuns().isEmpty(), "nothing stored");
        }
    }
}
