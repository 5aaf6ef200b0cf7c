package dev.rwb.engine.hf;

import ai.djl.ndarray.types.DataType;
import dev.rwb.engine.hf.safetensors.SafetensorsFile;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.hf.safetensors.TensorEntry;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.SamplingParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HfModelTest {
    @TempDir
    Path tmp;

    private static int[] randomIds(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 5 + r.nextInt(vocab - 5);
        }
        return ids;
    }

    /**
     * The KV-cache path (prompt prefilled, then one token per feed) must give each generated token the
     * log-prob and entropy that teacher forcing over the whole sequence gives it.
     */
    private static void assertCacheMatchesTeacherForcing(HfModel model) {
        assertCacheMatchesTeacherForcingWithin(model, 1e-4);
    }

    private static void assertCacheMatchesTeacherForcingWithin(HfModel model, double tolerance) {
        int vocab = model.config().vocabSize();
        List<int[]> prompts = List.of(randomIds(9, vocab, 1), randomIds(5, vocab, 2), randomIds(13, vocab, 3));
        try (GenerationSession session = model.start(prompts, SamplingParams.of(1f, 11))) {
            List<Generation> out = session.generate(new boolean[] {true, true, true}, 12, Set.of());
            for (int b = 0; b < prompts.size(); b++) {
                int[] p = prompts.get(b);
                int[] g = out.get(b).tokenIds();
                assertEquals(12, g.length);
                int[] full = new int[p.length + g.length];
                System.arraycopy(p, 0, full, 0, p.length);
                System.arraycopy(g, 0, full, p.length, g.length);
                SequenceScores s = model.score(full);
                for (int i = 0; i < g.length; i++) {
                    assertEquals(s.logprob()[p.length + i], out.get(b).logprobs()[i], tolerance,
                            model.config().modelType() + " row " + b + " token " + i + " logprob");
                    assertEquals(s.entropy()[p.length + i], out.get(b).entropies()[i], tolerance,
                            model.config().modelType() + " row " + b + " token " + i + " entropy");
                }
            }
        }
    }

    @Test
    void qwen2TeacherForcingEqualsKvCache() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen2"), TinyCheckpoints.qwen2(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            assertCacheMatchesTeacherForcing(model);
        }
    }

    @Test
    void qwen3FromBf16TeacherForcingEqualsKvCache() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen3"), TinyCheckpoints.qwen3(), TensorDType.BF16, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            assertEquals(DataType.FLOAT32, model.dtype());
            assertCacheMatchesTeacherForcing(model);
            assertEquals(Set.of(3, 4), model.stopTokens());
        }
    }

    @Test
    void shardedLlamaTeacherForcingEqualsKvCache() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("llama"), TinyCheckpoints.llama(), TensorDType.F32, 3);
        assertTrue(Files.exists(dir.resolve(HfModelDirectory.INDEX)));
        assertTrue(HfModelDirectory.of(dir).weightFiles().size() >= 3);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            assertCacheMatchesTeacherForcing(model);
        }
    }

    @Test
    void float16ComputeScoresCloseToFloat32() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("bf"), TinyCheckpoints.qwen3(), TensorDType.BF16, 1);
        int[] ids = randomIds(20, 320, 12);
        float[] exact;
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            exact = model.score(ids).logprob();
        }
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32().withDtype(DataType.FLOAT16))) {
            assertEquals(DataType.FLOAT16, model.dtype());
            float[] half = model.score(ids).logprob();
            double worst = 0;
            for (int t = 1; t < ids.length; t++) {
                worst = Math.max(worst, Math.abs(half[t] - exact[t]));
            }
            // float16 keeps 11 mantissa bits: log-probs agree to about 1e-2, not to float32 precision
            assertTrue(worst < 0.05 && worst > 0, "max |f16 - f32| = " + worst);
            assertCacheMatchesTeacherForcingWithin(model, 0.02);
        }
    }

    /**
     * bfloat16 mixed precision: the frozen matrices are held in bfloat16 (norm gains in float32), and
     * log-probs and entropies come out float32, within the rounding bfloat16's 8 mantissa bits allow
     * (stated tolerance 0.05 nats on a tiny random Qwen3 whose log-probs are about -5.8), not equal.
     */
    @Test
    void bfloat16MixedPrecisionScoresCloseToFloat32() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("bf16"), TinyCheckpoints.qwen3(), TensorDType.BF16, 1);
        int[] ids = randomIds(20, 320, 12);
        float[] exact;
        float[] exactEntropy;
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            SequenceScores s = model.score(ids);
            exact = s.logprob();
            exactEntropy = s.entropy();
        }
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32().withDtype(DataType.BFLOAT16))) {
            assertEquals(DataType.BFLOAT16, model.dtype());
            var params = ((HfDecoder) model.decoder()).parameters();
            assertTrue(Bfloat16.is(params.get("model.layers.0.mlp.up_proj.weight").getArray()), "frozen matrix in bfloat16");
            assertTrue(Bfloat16.is(params.get("model.embed_tokens.weight").getArray()), "embedding in bfloat16");
            assertEquals(DataType.FLOAT32, params.get("model.layers.0.input_layernorm.weight").getArray().getDataType());
            SequenceScores s = model.score(ids);
            double worst = 0;
            double worstEntropy = 0;
            for (int t = 1; t < ids.length; t++) {
                worst = Math.max(worst, Math.abs(s.logprob()[t] - exact[t]));
                worstEntropy = Math.max(worstEntropy, Math.abs(s.entropy()[t] - exactEntropy[t]));
            }
            System.out.printf("bf16 vs fp32: max |Δ logprob| %.5f, max |Δ entropy| %.5f%n", worst, worstEntropy);
            assertTrue(worst < 0.05 && worst > 0, "max |bf16 - f32| logprob = " + worst);
            assertTrue(worstEntropy < 0.05, "max |bf16 - f32| entropy = " + worstEntropy);
            // the KV cache path runs the same bfloat16 matmuls: it agrees with teacher forcing closely
            assertCacheMatchesTeacherForcingWithin(model, 1e-2);
        }
    }

    @Test
    void scoresAreLogProbabilitiesAndPaddingDoesNotChangeThem() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("q"), TinyCheckpoints.qwen2(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            int[] longer = randomIds(20, 300, 5);
            int[] shorter = randomIds(7, 300, 6);
            SequenceScores alone = model.score(shorter);
            List<SequenceScores> batch = model.score(List.of(longer, shorter));
            assertTrue(Float.isNaN(alone.logprob()[0]) && Float.isNaN(alone.entropy()[0]));
            for (int t = 1; t < shorter.length; t++) {
                assertEquals(alone.logprob()[t], batch.get(1).logprob()[t], 1e-5);
                assertTrue(alone.logprob()[t] < 0 && alone.entropy()[t] > 0 && alone.entropy()[t] <= Math.log(300) + 1e-4);
            }
            assertEquals(20, batch.get(0).logprob().length);
        }
    }

    @Test
    void saveThenLoadRoundTripsBitExactly() throws IOException {
        for (TensorDType dtype : List.of(TensorDType.F32, TensorDType.BF16)) {
            Path dir = TinyCheckpoints.write(tmp.resolve("src-" + dtype), TinyCheckpoints.qwen3(), dtype, 1);
            Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\"}");
            Path saved = tmp.resolve("saved-" + dtype);
            int[] ids = randomIds(10, 320, 9);
            float[] before;
            try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
                before = model.score(ids).logprob();
                model.save(saved);
            }
            assertEquals(Files.readString(dir.resolve("config.json")), Files.readString(saved.resolve("config.json")));
            assertTrue(Files.exists(saved.resolve("tokenizer.json")), "tokenizer files travel with the weights");
            try (SafetensorsFile a = SafetensorsFile.open(dir.resolve("model.safetensors"));
                 SafetensorsFile b = SafetensorsFile.open(saved.resolve("model.safetensors"))) {
                assertEquals(a.tensors().keySet(), b.tensors().keySet());
                for (TensorEntry e : a.tensors().values()) {
                    TensorEntry f = b.tensors().get(e.name());
                    assertEquals(e.dtype(), f.dtype());
                    assertArrayEquals(e.shape(), f.shape());
                    assertEquals(0, a.map(e).compareTo(b.map(f)), dtype + " bytes of " + e.name());
                }
            }
            try (HfModel again = HfModel.load(HfModelDirectory.of(saved), HfLoadOptions.cpuFloat32())) {
                assertArrayEquals(before, again.score(ids).logprob());
            }
        }
    }

    @Test
    void loraAtZeroInitLeavesScoresUnchanged() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("lora"), TinyCheckpoints.qwen2(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            int[] ids = randomIds(16, 300, 4);
            SequenceScores plain = model.score(ids);
            LoraAdapter lora = model.enableLora(LoraSettings.allProjections(4, 8));
            // 7 projections × 2 layers, A (r×in) and B (out×r) each
            assertEquals(28, lora.parameters().size());
            SequenceScores adapted = model.score(ids);
            assertArrayEquals(plain.logprob(), adapted.logprob());
            assertArrayEquals(plain.entropy(), adapted.entropy());
            assertEquals(lora.parameters(), model.trainableParameters());
        }
    }

    @Test
    void greedyGenerationIsDeterministicAndStopsAtEos() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("gen"), TinyCheckpoints.qwen2(), TensorDType.BF16, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            int[] prompt = randomIds(6, 300, 8);
            Generation a = model.generate(prompt, 10, SamplingParams.greedy());
            Generation b = model.generate(prompt, 10, SamplingParams.greedy());
            assertArrayEquals(a.tokenIds(), b.tokenIds());
            // greedy picks the argmax: teacher forcing must agree the picked token is the most likely one
            int[] full = new int[prompt.length + a.tokenIds().length];
            System.arraycopy(prompt, 0, full, 0, prompt.length);
            System.arraycopy(a.tokenIds(), 0, full, prompt.length, a.tokenIds().length);
            SequenceScores s = model.score(full);
            for (int i = 0; i < a.tokenIds().length; i++) {
                // the argmax has the largest logprob; the entropy bounds it from below: log p_max ≥ −H
                assertTrue(s.logprob()[prompt.length + i] >= -s.entropy()[prompt.length + i] - 1e-4);
            }
        }
    }

    /**
     * A few rows take the head as (W hᵀ)ᵀ (HfDecoder.SMALL_BATCH_HEAD_ROWS), many rows as h Wᵀ: the same
     * logits either way, for rows alone and inside a larger batch.
     */
    @Test
    void smallBatchHeadGivesTheLogitsOfThePlainProduct() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen2-head"), TinyCheckpoints.qwen2(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32());
             ai.djl.ndarray.NDManager m = model.manager().newSubManager()) {
            HfDecoder decoder = (HfDecoder) model.decoder();
            int d = model.config().hiddenSize();
            boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
            try {
                int many = HfDecoder.SMALL_BATCH_HEAD_ROWS + 8;
                ai.djl.ndarray.NDArray hidden = m.randomNormal(new ai.djl.ndarray.types.Shape(many, 1, d));
                float[] plain = decoder.logits(hidden).toFloatArray();
                ai.djl.ndarray.NDArray few = hidden.get("0:3");
                ai.djl.ndarray.NDArray small = decoder.logits(few);
                assertEquals(new ai.djl.ndarray.types.Shape(3, 1, model.config().vocabSize()), small.getShape());
                float[] fewLogits = small.toFloatArray();
                float[] reference = java.util.Arrays.copyOf(plain, fewLogits.length);
                for (int i = 0; i < fewLogits.length; i++) {
                    assertEquals(reference[i], fewLogits[i], 1e-5, "logit " + i);
                }
                // the tiny Qwen2 ties its head to the embedding: h Eᵀ by hand
                ai.djl.ndarray.NDArray plainProduct = few.reshape(3, d)
                        .matMul(decoder.parameters().get("model.embed_tokens.weight").getArray().transpose());
                assertArrayEquals(plainProduct.toFloatArray(), fewLogits, 1e-5f);
            } finally {
                ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
            }
        }
    }
}
