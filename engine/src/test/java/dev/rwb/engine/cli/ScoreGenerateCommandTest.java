package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.hf.HfConfig;
import dev.rwb.engine.hf.HfLoadOptions;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelDirectory;
import dev.rwb.engine.hf.RandomCheckpoint;
import dev.rwb.engine.hf.SequenceScores;
import dev.rwb.engine.hf.safetensors.TensorDType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreGenerateCommandTest {
    @TempDir
    Path tmp;

    private String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = new CommandLine(new Rwb()).execute(args);
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void scoreAndGeneratePrintTheDocumentedJson() throws Exception {
        Path model = tmp.resolve("model");
        RandomCheckpoint.write(model, HfConfig.builder("qwen2").vocab(200).eos(List.of(0)).build(), TensorDType.BF16, 3, 0.2, 1);
        Path ids = tmp.resolve("ids.json");
        Files.writeString(ids, "[17, 42, 99, 150, 3, 77]");
        JsonNode score = new ObjectMapper().readTree(run("score", "--model", model.toString(), "--ids-file", ids.toString(),
                "--device", "cpu", "--json"));
        SequenceScores expected;
        try (HfModel m = HfModel.load(HfModelDirectory.of(model), HfLoadOptions.cpuFloat32())) {
            expected = m.score(new int[] {17, 42, 99, 150, 3, 77});
        }
        assertEquals(6, score.get("token_ids").size());
        assertTrue(score.get("logprob").get(0).isNull() && score.get("entropy").get(0).isNull());
        assertTrue(score.get("tokens").isNull(), "no tokenizer.json in this folder");
        for (int t = 1; t < 6; t++) {
            assertEquals(expected.logprob()[t], score.get("logprob").get(t).floatValue(), 1e-6);
            assertEquals(expected.entropy()[t], score.get("entropy").get(t).floatValue(), 1e-6);
        }

        Path prompt = tmp.resolve("prompt.txt");
        Files.writeString(prompt, "5 6 7 8");
        String[] args = {"generate", "--model", model.toString(), "--prompt-ids-file", prompt.toString(),
                "--max-new-tokens", "7", "--temperature", "0", "--device", "cpu", "--json"};
        JsonNode a = new ObjectMapper().readTree(run(args));
        JsonNode b = new ObjectMapper().readTree(run(args));
        assertEquals("[5,6,7,8]", a.get("prompt_ids").toString());
        assertTrue(a.get("token_ids").size() >= 1 && a.get("token_ids").size() <= 7);
        assertEquals(a.get("token_ids"), b.get("token_ids"), "greedy is deterministic");
        assertTrue(a.get("text").isNull());
    }

    @Test
    void generateChatRendersTheModelsOwnTemplate() throws Exception {
        Path model = tmp.resolve("qwen3-chat");
        RandomCheckpoint.write(model, HfConfig.builder("qwen3").hidden(32).layers(1).heads(2).kvHeads(1).headDim(16)
                .intermediate(48).vocab(151936).eos(List.of(151645)).build(), TensorDType.BF16, 5, 0.2, 1);
        Path tokenizer = dev.rwb.engine.chat.Qwen3TokenizerFiles.dir();
        Files.copy(tokenizer.resolve("tokenizer.json"), model.resolve("tokenizer.json"));
        Files.copy(tokenizer.resolve("tokenizer_config.json"), model.resolve("tokenizer_config.json"));
        Path prompt = tmp.resolve("question.txt");
        Files.writeString(prompt, "What is 2+3?");
        JsonNode out = new ObjectMapper().readTree(run("generate", "--model", model.toString(), "--prompt-file", prompt.toString(),
                "--chat", "--max-new-tokens", "3", "--temperature", "0", "--device", "cpu", "--json"));
        int[] ids = new int[out.get("prompt_ids").size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = out.get("prompt_ids").get(i).asInt();
        }
        try (dev.rwb.engine.interop.HfTokenizer tok = dev.rwb.engine.interop.HfTokenizer.load(model.resolve("tokenizer.json"))) {
            assertEquals("<|im_start|>user\nWhat is 2+3?<|im_end|>\n<|im_start|>assistant\n", tok.decode(ids));
            assertEquals(tok.specialId("<|im_start|>"), ids[0], "the chat markers are single special tokens");
        }
        assertTrue(out.get("text").isTextual());
        assertTrue(out.get("token_ids").size() >= 1 && out.get("token_ids").size() <= 3);
    }
}
