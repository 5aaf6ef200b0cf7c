package dev.rwb.engine.lint.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.chat.ChatMessage;
import dev.rwb.engine.chat.ChatTemplate;
import dev.rwb.engine.chat.RenderOptions;
import dev.rwb.engine.chat.ToolCall;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.lint.LintCode;
import dev.rwb.engine.lint.LintContext;
import dev.rwb.engine.lint.LintFinding;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Template and retokenisation drift with the real Qwen3 tokenizer and chat template, on three
 * stored id sequences of one tool-using chat: as the template renders it (clean), as verl #6501
 * stored it (the {@code \n} after {@code <|im_end|>} dropped before the tool turn), and as trl #5224
 * gets it (the model sampled a word in two tokens, so decode → encode does not give its ids back).
 * Skipped when the test setup has not fetched the tokenizer (system property {@code rwb.test.qwen3.tokenizer}).
 */
class DriftCheckTest {
    private static final List<ChatMessage> CHAT = List.of(
            ChatMessage.system("You are a calculator."),
            ChatMessage.user("What is 2+3?"),
            ChatMessage.assistant("", List.of(ToolCall.of("calc", Map.of("expression", "2+3")))),
            ChatMessage.tool("5", null, "calc"),
            ChatMessage.assistant("The answer is 5, obviously."));

    private static Path qwen3;
    private static HfTokenizer tokenizer;
    private static ChatTemplate template;
    private static String rendered;

    @BeforeAll
    static void load() throws Exception {
        String dir = System.getProperty("rwb.test.qwen3.tokenizer");
        assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, "tokenizer.json"))
                && Files.isRegularFile(Path.of(dir, "tokenizer_config.json")), "the Qwen3 tokenizer is not fetched");
        qwen3 = Path.of(dir);
        tokenizer = HfTokenizer.loadModel(qwen3);
        template = ChatTemplate.load(qwen3);
        rendered = template.render(CHAT, RenderOptions.defaults());
    }

    @AfterAll
    static void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }

    /** The ids the model sampled and the prompt it read: the render up to its last {@code <|im_end|>}. */
    private static int[] cleanIds() {
        assertTrue(rendered.endsWith("<|im_end|>\n"), rendered);
        return tokenizer.encode(rendered.substring(0, rendered.length() - 1));
    }

    /** verl #6501: each turn encoded on its own and concatenated, without the newline before the tool turn. */
    private static int[] verlIds() {
        List<Integer> ids = new ArrayList<>();
        String[] turns = rendered.split("(?<=<\\|im_end\\|>)\n");
        for (int k = 0; k < turns.length; k++) {
            String turn = turns[k];
            boolean beforeTool = k + 1 < turns.length && turns[k + 1].startsWith("<|im_start|>user\n<tool_response>");
            String piece = turn + (k + 1 < turns.length && !beforeTool ? "\n" : "");
            if (!piece.isEmpty()) {
                Arrays.stream(tokenizer.encode(piece)).forEach(ids::add);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** trl #5224: the word " obviously" sampled as two tokens whose text is the same as its one token. */
    private static int[] trlIds(int[] clean, int[] splitAt) {
        int[] word = tokenizer.encode(" obviously");
        assertEquals(1, word.length, "one token in Qwen3's vocabulary");
        int at = -1;
        for (int i = 0; i < clean.length; i++) {
            if (clean[i] == word[0]) {
                at = i;
            }
        }
        int[] left = tokenizer.encode(" obvious");
        int[] right = tokenizer.encode("ly");
        assertEquals(" obviously", tokenizer.decode(concat(left, right)));
        splitAt[0] = at;
        splitAt[1] = left.length + right.length;
        return concat(Arrays.copyOfRange(clean, 0, at), left, right, Arrays.copyOfRange(clean, at + 1, clean.length));
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    static Trajectory stored(String run, int[] ids) {
        TokenArrays.Builder b = TokenArrays.builder();
        for (int id : ids) {
            b.add(id, tokenizer.decodeToken(id), Role.OTHER_MODEL, 0, 1f, -0.5f, -0.5f, 0.3f, 0.5f, 0.05f, false);
        }
        return new Trajectory(0, run, 1, "p", "", 0, "calc", "5", "5", 1.0, Map.of(), true, FinishReason.STOP, 1,
                false, List.of(), b.build());
    }

    private static List<LintFinding> check(int[] ids) {
        return new DriftCheck(tokenizer, template).check(stored("r", ids), LintContext.UNKNOWN_RUN);
    }

    @Test
    void theTemplatesOwnRenderHasNoDrift() {
        assertEquals(List.of(), check(cleanIds()));
    }

    @Test
    void verl6501TheDroppedNewlineAtTheToolTurnIsAMissingSeparator() {
        int[] clean = cleanIds();
        int[] verl = verlIds();
        assertEquals(clean.length - 1, verl.length, "one newline token fewer");
        List<LintFinding> f = check(verl);
        assertEquals(1, f.size(), f.toString());
        LintFinding d = f.get(0);
        assertEquals(LintCode.TEMPLATE_DRIFT, d.code());
        assertTrue(d.message().startsWith("missing separator at a turn boundary before stored position "), d.message());
        assertTrue(d.message().contains("gives [" + tokenizer.encode("\n")[0] + "] '\\n'"), d.message());
        int gap = d.positions().get(1);
        assertEquals(List.of(gap - 1, gap), d.positions());
        assertEquals("<|im_end|>", tokenizer.decodeToken(verl[gap - 1]));
        assertEquals("<|im_start|>", tokenizer.decodeToken(verl[gap]));
        assertTrue(tokenizer.decode(Arrays.copyOfRange(verl, gap, verl.length)).startsWith("<|im_start|>user\n<tool_response>"));
    }

    @Test
    void trl5224ASplitTheTokenizerWouldNotMakeIsRetokenisationDrift() {
        int[] where = new int[2];
        int[] trl = trlIds(cleanIds(), where);
        assertEquals(tokenizer.decode(cleanIds()), tokenizer.decode(trl), "the same text");
        List<LintFinding> f = check(trl);
        List<LintFinding> retok = f.stream().filter(x -> x.code() == LintCode.RETOKENISATION_DRIFT).toList();
        assertEquals(1, retok.size(), f.toString());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < where[1]; i++) {
            expected.add(where[0] + i);
        }
        assertEquals(expected, retok.get(0).positions());
        assertTrue(retok.get(0).message().startsWith("different split of the same text at stored positions "),
                retok.get(0).message());
        // re-rendering re-encodes the same text, so the template check sees the same split
        assertEquals(1, f.stream().filter(x -> x.code() == LintCode.TEMPLATE_DRIFT).count(), f.toString());
    }

    /**
     * Llama 3's layout: the messages are recovered from its headers and re-rendered with a Llama-3-style
     * template; the template's own render has no drift, and a turn stored without the blank line after
     * its header (each turn encoded by hand, as in verl #6501) is template drift at that spot.
     */
    @Test
    void llama3HeadersAreRecoveredAndADroppedBlankLineIsTemplateDrift() {
        String source = "{{ bos_token }}{% for m in messages %}{{ '<|start_header_id|>' + m['role'] + '<|end_header_id|>\\n\\n'"
                + " + m['content'] | trim + '<|eot_id|>' }}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";
        ChatTemplate llama3 = ChatTemplate.of(source, "llama3-style test template", Map.of("bos_token", "<|begin_of_text|>"));
        String render = llama3.render(List.of(ChatMessage.system("You are a calculator."), ChatMessage.user("What is 2+3?"),
                ChatMessage.assistant("The answer is 5.")), RenderOptions.defaults());
        assertTrue(render.contains("<|start_header_id|>assistant<|end_header_id|>\n\nThe answer is 5.<|eot_id|>"), render);
        assertEquals(List.of("system", "user", "assistant"),
                DriftCheck.turns(render).messages().stream().map(ChatMessage::role).toList());
        DriftCheck check = new DriftCheck(tokenizer, llama3);
        List<LintFinding> clean = check.check(stored("llama", tokenizer.encode(render)), LintContext.UNKNOWN_RUN);
        assertEquals(List.of(), clean.stream().filter(f -> f.code() == LintCode.TEMPLATE_DRIFT).toList());

        String dropped = render.replace("assistant<|end_header_id|>\n\n", "assistant<|end_header_id|>");
        List<LintFinding> drift = check.check(stored("llama", tokenizer.encode(dropped)), LintContext.UNKNOWN_RUN)
                .stream().filter(f -> f.code() == LintCode.TEMPLATE_DRIFT).toList();
        assertEquals(1, drift.size(), drift.toString());
        assertTrue(drift.get(0).message().contains("\\n\\n"), drift.get(0).message());
    }

    @Test
    void rwbLintJsonPrintsTheDriftOfStoredTrajectories(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("w.db");
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.createRun("clean", "import", null);
            store.createRun("verl", "import", null);
            store.insert(stored("clean", cleanIds()));
            store.insert(stored("verl", verlIds()));
        }
        PrintStream out = System.out;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(o, true));
            code = new picocli.CommandLine(new dev.rwb.engine.cli.Rwb()).execute("lint", "--db", db.toString(),
                    "--tokenizer", qwen3.toString(), "--chat-template", qwen3.toString(), "--json");
        } finally {
            System.setOut(out);
        }
        assertEquals(0, code, o.toString());
        JsonNode json = new ObjectMapper().readTree(o.toString());
        List<String> drift = new ArrayList<>();
        for (JsonNode f : json.path("findings")) {
            if (f.path("code").asText().endsWith("drift")) {
                drift.add(f.path("run").asText() + ":" + f.path("code").asText());
            }
        }
        assertEquals(List.of("verl:template-drift"), drift, o.toString());
        assertEquals(1, json.path("by_code").path("template-drift").asInt());
    }
}
