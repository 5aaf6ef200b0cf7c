package dev.rwb.engine.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.Qwen3TokenizerFiles;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.chat.ToolCall;
import dev.rwb.engine.cli.Rwb;
import dev.rwb.engine.hf.HfLoadOptions;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelDirectory;
import dev.rwb.engine.hf.SequenceScores;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.interop.TextPieces;
import dev.rwb.engine.interop.TokenSequenceBuilder;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rwb score} on stored trajectories: a tiny random Qwen3-shaped checkpoint (real vocabulary
 * size) with the real Qwen3 tokenizer files, a real SQLite DB, and the CLI as users run it.
 */
class ScoreStoredTrajectoriesTest {
    @TempDir
    static Path tmp;
    private static Path model;
    private static HfTokenizer tokenizer;
    private static HfModel reference;

    @BeforeAll
    static void writeModel() throws Exception {
        model = qwen3ShapedModel(tmp.resolve("tiny-qwen3"));
        tokenizer = HfTokenizer.loadModel(model);
        reference = HfModel.load(HfModelDirectory.of(model), HfLoadOptions.cpuFloat32());
    }

    @AfterAll
    static void close() {
        reference.close();
        tokenizer.close();
    }

    static Path qwen3ShapedModel(Path dir) throws Exception {
        return Qwen3TokenizerFiles.tinyModel(dir);
    }

    private static final List<ChatMessage> CHAT = List.of(ChatMessage.user("What is 6*7?"),
            ChatMessage.assistant("", List.of(ToolCall.of("calc", Map.of("expression", "6*7")))),
            ChatMessage.tool("42", null, "calc"), ChatMessage.assistant("6*7 = 42."));

    /** An imported text-only rollout: the chat rendered with the model's template and tokenised by {@code pieces}. */
    private static Trajectory imported(TextPieces pieces) throws Exception {
        var chat = ChatTemplate.load(model).renderWithRoles(CHAT, RenderOptions.defaults(), tokenizer.eosTokens());
        TokenArrays tokens = new TokenSequenceBuilder(pieces).appendChat(chat).build();
        return new Trajectory(0, "verl-import", 3, "p1", "g1", 0, "arithmetic", "42", "42", 1.0, Map.of(), true,
                FinishReason.STOP, 1, true, List.of(new PolicySegment(0, 3)), tokens);
    }

    private static int run(ByteArrayOutputStream out, String... args) {
        PrintStream saved = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            return new CommandLine(new Rwb()).execute(args);
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void fillsLogprobAndEntropyThenTheReference() throws Exception {
        Path db = tmp.resolve("exact.db");
        long id;
        Trajectory original = imported(TextPieces.of(tokenizer));
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            id = store.insert(original);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "score", "--model", model.toString(), "--db", db.toString(), "--trajectory",
                Long.toString(id), "--device", "cpu", "--dtype", "float32", "--json"));
        JsonNode printed = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        assertEquals(id, printed.get("trajectory").asLong());
        assertTrue(printed.get("exact_ids").asBoolean(), "stored ids were the model tokenizer's");

        SequenceScores expected = reference.score(original.tokens().tokenIds());
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            TokenArrays back = store.load(id).tokens();
            assertArrayEquals(original.tokens().tokenIds(), back.tokenIds());
            assertTrue(Float.isNaN(back.logprobs()[0]) && Float.isNaN(back.entropies()[0]));
            for (int t = 1; t < back.length(); t++) {
                assertEquals(expected.logprob()[t], back.logprobs()[t], 1e-5, "logprob " + t);
                assertEquals(expected.entropy()[t], back.entropies()[t], 1e-5, "entropy " + t);
                assertTrue(back.logprobs()[t] < 0 && back.entropies()[t] > 0);
                assertTrue(Float.isNaN(back.refLogprobs()[t]), "the reference is untouched");
                assertEquals(printed.get("logprob").get(t).floatValue(), back.logprobs()[t], 1e-6);
            }
            assertTrue(printed.get("logprob").get(0).isNull());
            // Roles, weights and text are as imported.
            assertArrayEquals(original.tokens().roles(), back.roles());
            assertArrayEquals(original.tokens().lossWeights(), back.lossWeights());
        }

        assertEquals(0, run(new ByteArrayOutputStream(), "score", "--model", model.toString(), "--db", db.toString(),
                "--trajectory", Long.toString(id), "--device", "cpu", "--dtype", "float32", "--as-reference", "--json"));
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            TokenArrays back = store.load(id).tokens();
            for (int t = 1; t < back.length(); t++) {
                assertEquals(expected.logprob()[t], back.refLogprobs()[t], 1e-5, "ref_logprob " + t);
                assertEquals(back.logprobs()[t], back.refLogprobs()[t], 1e-6);
            }
        }
    }

    @Test
    void anotherTokenisationGetsTheModelsScoresSummedOverItsTokens() throws Exception {
        // A word-level tokenizer learned from the text: its tokens are not the model's.
        Trajectory original = imported(TextPieces.of(TaskTokenizer.fromCorpus(List.of(ChatTemplate.load(model)
                .render(CHAT, RenderOptions.defaults())), 1)));
        Path db = tmp.resolve("retokenised.db");
        long id;
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            id = store.insert(original);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // --run: every trajectory of the imported run.
        assertEquals(0, run(out, "score", "--model", model.toString(), "--db", db.toString(), "--run", "verl-import",
                "--device", "cpu", "--dtype", "float32", "--progress"));
        List<JsonNode> events = new java.util.ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).strip().split("\n")) {
            events.add(new ObjectMapper().readTree(line));
        }
        assertEquals(List.of("start", "step", "end"), events.stream().map(e -> e.get("event").asText()).toList());
        assertEquals(1, events.get(1).get("step").asInt());
        assertEquals(id, events.get(1).get("trajectory").asLong());
        assertFalse(events.get(1).get("exact_ids").asBoolean());
        assertEquals("finished", events.get(2).get("outcome").asText());

        String text = original.tokens().text();
        SequenceScores model = reference.score(tokenizer.encode(text));
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            TokenArrays back = store.load(id).tokens();
            assertEquals(original.tokens().length(), back.length());
            // Every model token starts inside exactly one stored token, so the stored log-likelihood of
            // the whole text equals the model's (chain rule).
            double stored = 0;
            for (int t = 1; t < back.length(); t++) {
                assertFalse(Float.isNaN(back.logprobs()[t]) && text.isEmpty());
                stored += Float.isNaN(back.logprobs()[t]) ? 0 : back.logprobs()[t];
            }
            double total = 0;
            for (int t = 1; t < model.logprob().length; t++) {
                total += model.logprob()[t];
            }
            assertEquals(total, stored, 1e-3 * Math.abs(total));
        }
    }

    @Test
    void aMissingTrajectoryFailsWithItsIdAndKeepsTheOnesBefore() throws Exception {
        Path db = tmp.resolve("partial.db");
        long id;
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            id = store.insert(imported(TextPieces.of(tokenizer)));
        }
        Path ids = tmp.resolve("ids.txt");
        Files.writeString(ids, id + "\n" + (id + 100) + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, run(out, "score", "--model", model.toString(), "--db", db.toString(), "--trajectories-file",
                ids.toString(), "--device", "cpu", "--progress"));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        JsonNode end = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertEquals("failed", end.get("outcome").asText());
        assertTrue(end.get("message").asText().contains("trajectory " + (id + 100)), end.toString());
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertFalse(Float.isNaN(store.load(id).tokens().logprobs()[1]), "the first trajectory kept its scores");
        }
    }

    @Test
    void textFileIsTokenisedWithTheModelsTokenizer() throws Exception {
        Path text = tmp.resolve("reply.txt");
        String s = "<|im_start|>assistant\nThe answer is 42.<|im_end|>";
        Files.writeString(text, s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, run(out, "score", "--model", model.toString(), "--text-file", text.toString(), "--device", "cpu",
                "--dtype", "float32", "--json"));
        JsonNode o = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8).strip());
        int[] ids = tokenizer.encode(s);
        assertEquals(ids.length, o.get("token_ids").size());
        StringBuilder joined = new StringBuilder();
        o.get("tokens").forEach(t -> joined.append(t.asText()));
        assertEquals(s, joined.toString());
        assertEquals(tokenizer.specialId("<|im_start|>"), o.get("token_ids").get(0).asInt());
        SequenceScores expected = reference.score(ids);
        for (int t = 1; t < ids.length; t++) {
            assertEquals(expected.logprob()[t], o.get("logprob").get(t).floatValue(), 1e-5);
        }
    }
}
