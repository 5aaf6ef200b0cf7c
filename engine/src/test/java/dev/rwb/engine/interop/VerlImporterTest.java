package dev.rwb.engine.interop;

import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerlImporterTest {

    private static List<Trajectory> read(Path source, ImportOptions options) throws Exception {
        List<Trajectory> out = new ArrayList<>();
        Importers.forFormat(ImportFormat.VERL).read(source, options, out::add);
        return out;
    }

    @Test
    void rolesTurnsWeightsAndTextComeFromTheTags(@TempDir Path dir) throws Exception {
        Path dump = Fixtures.verlDump(dir);
        assertEquals(ImportFormat.VERL, Importers.detect(dump));
        List<Trajectory> ts = read(dump, ImportOptions.defaults());
        assertEquals(8, ts.size());
        Trajectory t = ts.get(0);
        assertEquals("verl-rollouts", t.run());
        assertEquals(1, t.step());
        assertTrue(t.textOnly());
        assertEquals("Ada", t.finalAnswer());
        assertTrue(t.correct());
        assertEquals(1, t.numToolCalls());
        assertEquals(1.0, t.reward());
        assertEquals(1.0, t.rewardComponents().get("acc"));
        assertEquals("{\"target\":[\"Ada\"]}", t.groundTruth());
        TokenArrays a = t.tokens();
        // Token texts concatenate to exactly input + output, non-ASCII and emoji included.
        assertEquals(Fixtures.PROMPT + Fixtures.searchOutput("Ada"), a.text());
        int maxTurn = 0;
        for (int i = 0; i < a.length(); i++) {
            Role r = a.roles()[i];
            assertEquals(r.isModelWritten() ? 1f : 0f, a.lossWeights()[i], "Search-R1 weights at " + i);
            maxTurn = Math.max(maxTurn, a.turns()[i]);
        }
        // The prompt's example <answer> stays PROMPT: tags are only read in the output.
        assertEquals(Role.PROMPT, a.roles()[indexOf(a, "Beijing")]);
        assertEquals(Role.TOOL_RESPONSE, a.roles()[indexOf(a, "Zürich".substring(0, 1))]);
        assertEquals(Role.TOOL_CALL, a.roles()[indexOf(a, "founder")]);
        assertEquals(1, maxTurn, "one tool response → the answer is in turn 1");
        assertEquals(0, a.turns()[indexOf(a, "founder")]);
        assertEquals(FinishReason.STOP, t.finishReason());
        assertEquals(FinishReason.LENGTH, ts.get(7).finishReason(), "an unclosed <think> means the output was cut");
    }

    private static int indexOf(TokenArrays a, String piece) {
        String text = a.text();
        int at = text.lastIndexOf(piece);
        int pos = 0;
        for (int i = 0; i < a.length(); i++) {
            pos += a.tokenText()[i].length();
            if (pos > at) {
                return i;
            }
        }
        throw new AssertionError(piece + " not found");
    }

    @Test
    void samplesOfOnePromptFormAGroupWithGrpoAdvantages(@TempDir Path dir) throws Exception {
        Path dump = Fixtures.verlDump(dir);
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            ImportSummary s = Importers.importInto(store, dump, ImportFormat.VERL, ImportOptions.defaults().withRunName("v"));
            assertEquals(8, s.trajectories());
            assertEquals(2, s.steps());
            assertEquals(List.of("v"), s.runs());
            TrajectorySummary first = store.query(TrajectoryQuery.builder().run("v").stepRange(1, 1).build()).rows().get(0);
            List<TrajectorySummary> group = store.group("v", 1, first.groupId());
            assertEquals(3, group.size());
            assertEquals(List.of(0, 1, 2), group.stream().map(TrajectorySummary::sampleIndex).toList());
            // Scores 1, 0, 1: mean 2/3, Bessel std sqrt(1/3); A = (r - mean) / (std + 1e-6).
            double std = Math.sqrt(1.0 / 3.0);
            float[] expected = {(float) ((1 - 2.0 / 3) / (std + 1e-6)), (float) ((0 - 2.0 / 3) / (std + 1e-6))};
            for (int k = 0; k < 2; k++) {
                TokenArrays a = store.load(group.get(k).id()).tokens();
                int last = a.length() - 1;
                assertEquals(expected[k], a.advantages()[last], 1e-5);
                assertTrue(Float.isNaN(a.advantages()[0]), "prompt tokens have no advantage");
            }
            long tokens = 0;
            for (TrajectorySummary row : store.query(TrajectoryQuery.all()).rows()) {
                tokens += row.length();
            }
            assertEquals(tokens, s.tokens());
        }
    }

    @Test
    void aBadLineInALaterStepImportsNothing(@TempDir Path dir) throws Exception {
        Path dump = Fixtures.verlDump(dir);
        Files.writeString(dump.resolve("2.jsonl"), "{\"input\": \"q\", \"output\": \"tru", StandardOpenOption.APPEND);
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class,
                    () -> Importers.importInto(store, dump, ImportFormat.VERL, ImportOptions.defaults()));
            assertEquals("2.jsonl", e.file());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
            assertEquals(0, store.query(TrajectoryQuery.all()).total(), "step 1 was rolled back too");
            assertTrue(store.listRuns().isEmpty());
        }
    }

    @Test
    void wrongTypesMissingFieldsAndGarbageAreNamed(@TempDir Path dir) throws Exception {
        Path d = Files.createDirectories(dir.resolve("d"));
        Fixtures.writeLines(d.resolve("3.jsonl"), List.of(
                Fixtures.verlRecord("q", "a", 1, 3, 1).toString(),
                "{\"input\": \"q\", \"output\": \"a\", \"score\": \"high\"}"));
        TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class, () -> read(d, ImportOptions.defaults()));
        assertEquals("3.jsonl:2: field 'score': expected a number, found \"high\"", e.getMessage());

        Fixtures.writeLines(d.resolve("3.jsonl"), List.of("{\"input\": \"q\", \"score\": 1}"));
        e = assertThrows(TrajectoryFormatException.class, () -> read(d, ImportOptions.defaults()));
        assertEquals("3.jsonl:1: field 'output': missing", e.getMessage());

        Fixtures.writeLines(d.resolve("3.jsonl"), List.of("{\"input\": \"q\", \"output\": \"a\", \"score\": 1, "
                + "\"step\": 99999999999999999999}"));
        e = assertThrows(TrajectoryFormatException.class, () -> read(d, ImportOptions.defaults()));
        assertEquals("step", e.field(), "a step too large for an int is named");

        Files.write(d.resolve("3.jsonl"), new byte[]{(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3, '\n'});
        e = assertThrows(TrajectoryFormatException.class, () -> read(d, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith("3.jsonl:1: not UTF-8"), e.getMessage());

        Files.writeString(d.resolve("3.jsonl"), "");
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            e = assertThrows(TrajectoryFormatException.class,
                    () -> Importers.importInto(store, d, ImportFormat.VERL, ImportOptions.defaults()));
            assertTrue(e.getMessage().contains("no trajectories"), e.getMessage());
        }
        Path none = Files.createDirectories(dir.resolve("none"));
        assertThrows(TrajectoryFormatException.class, () -> read(none, ImportOptions.defaults()));
        assertFalse(Files.exists(none.resolve("1.jsonl")));
    }

    @Test
    void aHuggingFaceTokenizerGivesItsIds(@TempDir Path dir) throws Exception {
        Path tokFile = Fixtures.wordLevelTokenizer(dir, List.of("<", "think", ">", "</", "answer", "Ada", "Who", "?"));
        Path d = Files.createDirectories(dir.resolve("d"));
        Fixtures.writeLines(d.resolve("0.jsonl"), List.of(
                Fixtures.verlRecord("Who ?", "<think> Ada </think><answer>Ada</answer>", 1, 0, 1).toString()));
        try (HfTokenizer tok = HfTokenizer.load(tokFile)) {
            Trajectory t = read(d, ImportOptions.defaults().withTokenizer(tok)).get(0);
            TokenArrays a = t.tokens();
            assertEquals("Who ?<think> Ada </think><answer>Ada</answer>", a.text());
            assertEquals(7, a.tokenIds()[0]);
            assertEquals("Who ", a.tokenText()[0]);
            assertEquals(Role.PROMPT, a.roles()[1]);
            assertEquals(Role.REASONING, a.roles()[2]);
            assertEquals("<", a.tokenText()[2]);
            assertEquals(Role.ANSWER, a.roles()[a.length() - 1]);
            assertEquals("Ada", t.finalAnswer());
        }
    }
}
