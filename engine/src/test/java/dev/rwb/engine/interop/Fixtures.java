package dev.rwb.engine.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small rollout dumps of each framework's format for the importer tests. */
public final class Fixtures {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** The prompt of a Search-R1 dump: it contains an example answer tag, as the real template does. */
    public static final String PROMPT = "Answer the question. Example: <answer> Beijing </answer>. Question: who founded Acme?";

    private Fixtures() {
    }

    /** A Search-R1 style verl output: think, search, information, think, answer. */
    public static String searchOutput(String answer) {
        return "<think> I should look it up. </think><search> Acme founder </search>\n\n"
                + "<information>Doc 1(Title: \"Acme\") Acme was founded by Ada in Zürich 🏔.</information>\n\n"
                + "<think> It says Ada. </think><answer> " + answer + " </answer>";
    }

    public static ObjectNode verlRecord(String input, String output, double score, int step, double acc) {
        ObjectNode o = JSON.createObjectNode();
        o.put("input", input);
        o.put("output", output);
        o.putObject("gts").putArray("target").add("Ada");
        o.put("score", score);
        o.put("step", step);
        o.put("acc", acc);
        return o;
    }

    /** A verl dump: step 1 has 2 prompts × 3 samples, step 2 has 1 prompt × 2 samples. */
    public static Path verlDump(Path dir) throws IOException {
        Path dump = Files.createDirectories(dir.resolve("rollouts"));
        writeLines(dump.resolve("1.jsonl"), List.of(
                verlRecord(PROMPT, searchOutput("Ada"), 1.0, 1, 1.0),
                verlRecord("Other question?", "<think> hmm </think><answer> 7 </answer>", 0.0, 1, 0.0),
                verlRecord(PROMPT, searchOutput("Bob"), 0.0, 1, 0.0),
                verlRecord(PROMPT, searchOutput("Ada"), 1.0, 1, 1.0),
                verlRecord("Other question?", "<think> hmm </think><answer> 8 </answer>", 1.0, 1, 1.0),
                verlRecord("Other question?", "no tags at all", 0.0, 1, 0.0)).stream().map(Object::toString).toList());
        writeLines(dump.resolve("2.jsonl"), List.of(
                verlRecord(PROMPT, searchOutput("Ada"), 1.0, 2, 1.0),
                verlRecord(PROMPT, "<think> cut off in the middle of thinking", 0.0, 2, 0.0))
                .stream().map(Object::toString).toList());
        return dump;
    }

    public static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * A tiny Hugging Face WordLevel tokenizer.json with a whitespace pre-tokenizer: every word of
     * {@code words} gets an id from 1, [UNK] is 0.
     */
    public static Path wordLevelTokenizer(Path dir, List<String> words) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        added.addObject().put("id", 0).put("content", "[UNK]").put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", false).put("special", true);
        root.putNull("normalizer");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        root.putNull("post_processor");
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        vocab.put("[UNK]", 0);
        for (int i = 0; i < words.size(); i++) {
            vocab.put(words.get(i), i + 1);
        }
        model.put("unk_token", "[UNK]");
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, root.toString());
        return file;
    }
}
