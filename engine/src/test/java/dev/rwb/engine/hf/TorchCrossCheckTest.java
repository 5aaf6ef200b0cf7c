package dev.rwb.engine.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.hf.safetensors.TensorDType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java decoder against an independent implementation: bench/hf_torch_score.py, plain PyTorch ops
 * run by Debian's /usr/bin/python3 over the same safetensors files. Skipped (with the reason) where
 * that interpreter has no torch (apt-get install python3-torch).
 */
class TorchCrossCheckTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static Path script;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTorch() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bench/hf_torch_score.py"))) {
            dir = dir.getParent();
        }
        Assumptions.assumeTrue(dir != null, "bench/hf_torch_score.py not found above the working directory");
        script = dir.resolve("bench/hf_torch_score.py");
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: no /usr/bin/python3");
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        Assumptions.assumeTrue(done && p.exitValue() == 0,
                "skipped: /usr/bin/python3 has no torch (apt-get install python3-torch libopenblas0-pthread)");
    }

    private static List<int[]> sequences(int vocab) {
        SplittableRandom r = new SplittableRandom(3);
        List<int[]> out = new ArrayList<>();
        for (int len : new int[] {24, 9}) {
            int[] ids = new int[len];
            for (int i = 0; i < len; i++) {
                ids[i] = r.nextInt(vocab);
            }
            out.add(ids);
        }
        return out;
    }

    private void check(HfConfig config, TensorDType dtype, int shards) throws Exception {
        Path dir = TinyCheckpoints.write(tmp.resolve(config.modelType() + dtype), config, dtype, shards);
        List<int[]> seqs = sequences(config.vocabSize());
        JsonNode torch = runTorch(dir, seqs);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            for (int s = 0; s < seqs.size(); s++) {
                SequenceScores java = model.score(seqs.get(s));
                JsonNode ref = torch.get("sequences").get(s);
                assertTrue(ref.get("logprob").get(0).isNull());
                double worst = 0;
                for (int t = 1; t < seqs.get(s).length; t++) {
                    assertEquals(ref.get("logprob").get(t).asDouble(), java.logprob()[t], 1e-4,
                            config.modelType() + " " + dtype + " sequence " + s + " token " + t + " logprob");
                    assertEquals(ref.get("entropy").get(t).asDouble(), java.entropy()[t], 1e-4,
                            config.modelType() + " " + dtype + " sequence " + s + " token " + t + " entropy");
                    worst = Math.max(worst, Math.abs(ref.get("logprob").get(t).asDouble() - java.logprob()[t]));
                }
                // the random weights must make the check bite: log-probs far from uniform
                assertTrue(Math.abs(java.logprob()[5] + Math.log(config.vocabSize())) > 0.05, "distribution is not uniform");
                System.out.printf("torch cross-check %s %s seq %d: max |Δ logprob| = %.2e%n", config.modelType(), dtype, s, worst);
            }
        }
    }

    private JsonNode runTorch(Path dir, List<int[]> seqs) throws IOException, InterruptedException {
        StringBuilder json = new StringBuilder("[");
        for (int[] s : seqs) {
            json.append(json.length() > 1 ? "," : "").append(java.util.Arrays.toString(s));
        }
        json.append("]");
        ProcessBuilder pb = new ProcessBuilder(PYTHON.toString(), script.toString(), dir.toString(), json.toString());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), "hf_torch_score.py failed: " + out);
        return new ObjectMapper().readTree(out);
    }

    @Test
    void qwen2MatchesTorch() throws Exception {
        check(TinyCheckpoints.qwen2(), TensorDType.F32, 1);
    }

    @Test
    void qwen3FromBf16MatchesTorch() throws Exception {
        check(TinyCheckpoints.qwen3(), TensorDType.BF16, 1);
    }

    @Test
    void shardedLlamaWithRopeScalingMatchesTorch() throws Exception {
        check(TinyCheckpoints.llama(), TensorDType.F32, 2);
    }

    @Test
    void qwen2FromF16MatchesTorch() throws Exception {
        check(TinyCheckpoints.qwen2(), TensorDType.F16, 1);
    }
}
