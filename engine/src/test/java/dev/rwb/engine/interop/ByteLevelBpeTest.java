package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.chat.Qwen3TokenizerFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java byte-level BPE gives exactly the native tokenizer's ids and pieces, on the real Qwen3 tokenizer.json. */
class ByteLevelBpeTest {
    private static HfTokenizer tokenizer;
    private static ByteLevelBpe bpe;

    /** Scripts, emoji, whitespace kinds, Qwen's added tokens, case-folded contractions, long and repeated words. */
    static final List<String> MIXED = List.of(
            "Hello, world! It's 'S and 'll and 'Re and ſ's and 'ſ",
            "Γειά σου Κόσμε — αβγ; Ελληνικά 123",
            "日本語のテキスト、中文文本。한국어 텍스트입니다",
            "emoji 😀👍🏽 👨‍👩‍👧 🇩🇪 flags and ✓ ✗ ★ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎",
            "tabs\tand\r\nCRLF\r\n\r\n  spaces \r  \n   \n\n\nend  ",
            "nbsp\u00a0here, ideographic\u3000space, nel\u0085x, line sep\u2028y",
            "Arabic-Indic ٠١٢٣ digits, ²³ superscripts, Ⅻ roman, ＦＵＬＬ １２３",
            "<think>reasoning</think>\n<answer>42</answer><|im_start|>user\nhi<|im_end|>\n",
            "<tool_call>\n{\"name\": \"search\", \"arguments\": {\"q\": \"x\"}}\n</tool_call><tool_response>ok</tool_response>",
            "a".repeat(200) + " " + "xyz".repeat(50) + " 1234567890123 abc123def",
            "!!!???...\n\n;;;   ---===>>> <<<< <> </> <|im_end|><|im_end|> <think </think></think><think>",
            "हिन्दी पाठ और ไทย ภาษา และ עברית, Привет, мир! Ё",
            "Ünïcödé naïve café résumé Straße ŒUVRE €100 £50 “quotes” «guillemets»",
            "math: ∑_{i=1}^n x_i ≤ ∞, ∫ f(x) dx ≈ 3.14159 → α·β",
            "   leading and trailing   ", "\n\n\n", " ", "x",
            "zero\u200bwidth\u200cjoin\u200dbom\ufeff control \u0001\u001f\u007f");

    @BeforeAll
    static void load() throws Exception {
        tokenizer = HfTokenizer.load(Qwen3TokenizerFiles.dir().resolve("tokenizer.json"));
        bpe = tokenizer.fastPath();
        assertTrue(bpe != null, "Qwen3's tokenizer.json is byte-level BPE");
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void mixedScriptsTakeTheJavaPathAndMatchTheNativeSplit() {
        for (String text : MIXED) {
            assertTrue(bpe.trySplit(text, (id, piece) -> { }), "the Java path takes: " + text);
            assertSameSplit(text);
        }
    }

    @Test
    void searchR1RecordsMatchTheNativeSplitSpanBySpan() {
        SplittableRandom rnd = new SplittableRandom(7);
        String[] words = {"the", "city", "river", "founded", "Zurich", "1848", "born", "in", "of", "capital", "Oslo"};
        for (int r = 0; r < 200; r++) {
            StringBuilder out = new StringBuilder("<think>");
            for (int w = 0; w < 20 + rnd.nextInt(40); w++) {
                out.append(w == 0 ? "" : rnd.nextInt(9) == 0 ? ".\n" : " ").append(words[rnd.nextInt(words.length)]);
            }
            out.append("</think>\n<search>").append(words[rnd.nextInt(words.length)]).append("</search>\n\n<information>Doc ")
                    .append(rnd.nextInt(1000)).append(": ").append(words[rnd.nextInt(words.length)]).append("</information>")
                    .append("<answer> ").append(rnd.nextInt(100_000)).append(" </answer>");
            String text = out.toString();
            for (TaggedText.Span s : TaggedText.segment(text, dev.rwb.engine.trajectory.Role.OTHER_MODEL).spans()) {
                assertSameSplit(text.substring(s.start(), s.end()));
            }
            assertSameSplit(text);
        }
    }

    /**
     * Whole imports through the Java path and through the native tokenizer alone give the same
     * trajectories: a verl Search-R1 dump (tags, tool responses, a cut-off answer, non-ASCII) and an
     * OpenAI chat with a tool call and its response (several turns).
     */
    @Test
    void importsGiveTheSameTrajectoriesThroughEitherPath(@TempDir Path dir) throws Exception {
        Path chat = dir.resolve("chat.jsonl");
        Fixtures.writeLines(chat, List.of(OpenAiChatImporterTest.CONVERSATION, OpenAiChatImporterTest.CONVERSATION));
        try (HfTokenizer nativeOnly = tokenizer.withoutFastPath()) {
            for (Object[] source : List.of(new Object[]{ImportFormat.VERL, Fixtures.verlDump(dir)},
                    new Object[]{ImportFormat.OPENAI_CHAT, chat})) {
                List<dev.rwb.engine.trajectory.Trajectory> viaJava = read((ImportFormat) source[0], (Path) source[1], tokenizer);
                List<dev.rwb.engine.trajectory.Trajectory> viaNative = read((ImportFormat) source[0], (Path) source[1], nativeOnly);
                assertEquals(viaNative.size(), viaJava.size());
                assertTrue(viaJava.size() >= 2);
                for (int i = 0; i < viaJava.size(); i++) {
                    var a = viaJava.get(i);
                    var b = viaNative.get(i);
                    assertTrue(a.tokens().contentEquals(b.tokens()), source[0] + " trajectory " + i + ": same token arrays");
                    assertEquals(b.withTokens(a.tokens()), a, source[0] + " trajectory " + i + ": same fields");
                    assertTrue(a.tokens().length() > 0);
                }
            }
        }
    }

    private static List<dev.rwb.engine.trajectory.Trajectory> read(ImportFormat format, Path source, HfTokenizer tok)
            throws Exception {
        List<dev.rwb.engine.trajectory.Trajectory> out = new ArrayList<>();
        dev.rwb.engine.interop.catalog.Importers.forFormat(format).read(source, new ImportOptions("r", tok), out::add);
        return out;
    }

    /**
     * Differential check of the Java path's pre-token cache (pieces handed out again for a repeated
     * word): random texts built from fragments that repeat (so most words come from the cache),
     * mixed scripts, emoji split over several byte-level tokens, added tokens and pieces of them,
     * and whitespace runs give the native ids and pieces, one text after another on one thread.
     */
    @Test
    void randomTextsMatchTheNativeSplit() {
        String[] fragments = {"the", " the", "The", " city", "Zurich", " 1848", "42", " ", "  ", "\n", "\n\n", "\t",
                "\r\n", "<think>", "</think>", "<|im_end|>", "<|im_start|>", "<tool_call>", "<", "<|", "|>", ">",
                "<think", "'s", "'LL", "ſ", "é", "日本語", "中文", "한국어", "Привет", "Γειά", "😀", "👍🏽", "👨‍👩‍👧",
                "🇩🇪", "𝔘𝔫", "𠜎", "∑", "≤", "→", "\u00a0", "\u3000", "\u2028", "\u200d", "²", "٣", "Ⅻ", "!!", "?", ".",
                ",", ";", "\"", "{\"name\":", "--", "===", "abc123", "x".repeat(70), "é".repeat(40)};
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int r = 0; r < 3000; r++) {
            StringBuilder sb = new StringBuilder();
            for (int k = rnd.nextInt(40); k >= 0; k--) {
                String f = fragments[rnd.nextInt(fragments.length)];
                sb.append(rnd.nextInt(6) == 0 ? f.substring(0, f.offsetByCodePoints(0, rnd.nextInt(f.codePointCount(0, f.length()) + 1))) : f);
            }
            assertSameSplit(sb.toString());
        }
    }

    /** More distinct words than the cache keeps: it grows, is cleared, and the splits stay the native ones. */
    @Test
    void moreDistinctWordsThanTheCacheKeeps() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int t = 0; t < 3; t++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0; w < 40_000; w++) {
                sb.append(' ');
                for (int k = 3 + rnd.nextInt(6); k > 0; k--) {
                    sb.append((char) ('a' + rnd.nextInt(26)));
                }
            }
            assertSameSplit(sb.toString());
        }
    }

    @Test
    void textThatNfcWouldChangeGoesToTheNativeTokenizer() {
        String decomposed = "cafe\u0301 and \u1100\u1161";
        assertFalse(bpe.trySplit(decomposed, (id, piece) -> { }), "NFC composes these");
        assertSameSplit(decomposed);
    }

    @Test
    void otherModelsHaveNoJavaPath(@TempDir Path dir) throws Exception {
        Path wordLevel = Fixtures.wordLevelTokenizer(dir, List.of("a", "b"));
        assertTrue(ByteLevelBpe.of(new ObjectMapper().readTree(wordLevel.toFile())).isEmpty());
    }

    private static void assertSameSplit(String text) {
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        tokenizer.splitNative(text, (id, piece) -> expected.add(id + ":" + piece));
        tokenizer.split(text, (id, piece) -> actual.add(id + ":" + piece));
        assertEquals(expected, actual, () -> "split of " + text);
        assertEquals(text, String.join("", actual.stream().map(p -> p.substring(p.indexOf(':') + 1)).toList()));
    }
}
