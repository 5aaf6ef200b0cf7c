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
}
