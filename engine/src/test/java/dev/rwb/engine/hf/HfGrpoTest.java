package dev.rwb.engine.hf;

import dev.rwb.engine.hf.safetensors.TensorDType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few GRPO steps ({@link ParityRewardGrpo}: group sampling through the KV cache, group-normalised
 * advantages, the trainer's clipped policy-gradient loss, AdamW) on a tiny Qwen2 checkpoint raise
 * the probability of rewarded answers, with full fine-tuning and with LoRA; the LoRA run leaves the
 * frozen base (the KL reference) exactly as loaded, and its merged save scores like the adapted model.
 */
class HfGrpoTest {
    private static final int[] PROMPT = {11, 12, 13, 14, 15};
    private static final int GROUP = 8;

    @TempDir
    Path tmp;

    @Test
    void fullFineTuningRaisesRewardedMass() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("full"), TinyCheckpoints.qwen2(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32().withTrainable(true))) {
            ParityRewardGrpo grpo = new ParityRewardGrpo(model, model, PROMPT, GROUP, 3, 3e-3f);
            double before = grpo.rewardedMass();
            for (int i = 0; i < 6; i++) {
                grpo.step();
            }
            double after = grpo.rewardedMass();
            System.out.printf("GRPO full fine-tuning, 6 steps: P(rewarded) %.3f -> %.3f%n", before, after);
            assertTrue(after > before + 0.05, "P(rewarded) " + before + " -> " + after);
        }
    }

    @Test
    void float16FullFineTuningWithFloat32MastersRaisesRewardedMass() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("f16"), TinyCheckpoints.qwen2(), TensorDType.BF16, 1);
        HfLoadOptions f16 = HfLoadOptions.cpuFloat32().withDtype(ai.djl.ndarray.types.DataType.FLOAT16).withTrainable(true);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), f16)) {
            ParityRewardGrpo grpo = new ParityRewardGrpo(model, model, PROMPT, GROUP, 3, 3e-3f);
            double before = grpo.rewardedMass();
            for (int i = 0; i < 6; i++) {
                grpo.step();
            }
            double after = grpo.rewardedMass();
            System.out.printf("GRPO float16 full fine-tuning (fp32 masters), 6 steps: P(rewarded) %.3f -> %.3f%n", before, after);
            assertTrue(after > before + 0.05, "P(rewarded) " + before + " -> " + after);
        }
    }

    @Test
    void loraRaisesRewardedMassAndKeepsTheBaseAsReference() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("lora"), TinyCheckpoints.qwen2(), TensorDType.BF16, 1);
        int[] probe = {11, 12, 13, 14, 15, 40, 41};
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32())) {
            float[] baseScores = model.score(probe).logprob();
            model.enableLora(new LoraSettings(4, 16, Set.of("q_proj", "v_proj", "o_proj", "up_proj", "down_proj"), 1));
            HfPolicy policy = new HfPolicy(model, new ByteLevelTestTokenizer(model.config().vocabSize()));
            ParityRewardGrpo grpo = new ParityRewardGrpo(model, policy, PROMPT, GROUP, 3, 1e-2f);
            double before = grpo.rewardedMass();
            for (int i = 0; i < 6; i++) {
                grpo.step();
            }
            double after = grpo.rewardedMass();
            System.out.printf("GRPO LoRA r=4, 6 steps: P(rewarded) %.3f -> %.3f%n", before, after);
            assertTrue(after > before + 0.05, "P(rewarded) " + before + " -> " + after);
            // the frozen base is the reference: adapters bypassed, it scores exactly as before training
            float[] reference = policy.referenceLogprobs(List.of(probe))[0];
            for (int t = 1; t < probe.length; t++) {
                assertTrue(Math.abs(reference[t] - baseScores[t]) < 1e-5, "reference moved at " + t);
            }
            // merged save = adapted model, loadable by any HF program (plain weights, no adapter)
            float[] adapted = model.score(probe).logprob();
            Path merged = tmp.resolve("merged");
            model.save(merged, TensorDType.F32, 0);
            model.lora().save(tmp.resolve("adapter"), dir.toString());
            try (HfModel again = HfModel.load(HfModelDirectory.of(merged), HfLoadOptions.cpuFloat32())) {
                float[] reloaded = again.score(probe).logprob();
                for (int t = 1; t < probe.length; t++) {
                    assertTrue(Math.abs(reloaded[t] - adapted[t]) < 1e-4, "merged save differs at " + t);
                }
            }
            assertTrue(java.nio.file.Files.exists(tmp.resolve("adapter").resolve("adapter_model.safetensors")));
        }
    }

    /**
     * bfloat16 mixed precision with LoRA: the frozen base in bfloat16, float32 adapters, log-probs and
     * loss in float32; a few GRPO steps move the rewarded mass up as in float32.
     */
    @Test
    void bfloat16LoraRaisesRewardedMass() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("bf16-lora"), TinyCheckpoints.qwen2(), TensorDType.BF16, 1);
        HfLoadOptions bf16 = HfLoadOptions.cpuFloat32().withDtype(ai.djl.ndarray.types.DataType.BFLOAT16);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), bf16)) {
            model.enableLora(new LoraSettings(4, 16, Set.of("q_proj", "v_proj", "o_proj", "up_proj", "down_proj"), 1));
            model.lora().parameters().forEach(p -> assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, p.getArray().getDataType()));
            HfPolicy policy = new HfPolicy(model, new ByteLevelTestTokenizer(model.config().vocabSize()));
            ParityRewardGrpo grpo = new ParityRewardGrpo(model, policy, PROMPT, GROUP, 3, 1e-2f);
            double before = grpo.rewardedMass();
            for (int i = 0; i < 6; i++) {
                grpo.step();
            }
            double after = grpo.rewardedMass();
            System.out.printf("GRPO bf16 LoRA r=4, 6 steps: P(rewarded) %.3f -> %.3f%n", before, after);
            assertTrue(after > before + 0.05, "P(rewarded) " + before + " -> " + after);
        }
    }

    /** bfloat16 full fine-tuning: float32 master weights (what AdamW updates), rounded to bfloat16 per matmul. */
    @Test
    void bfloat16FullFineTuningWithFloat32MastersRaisesRewardedMass() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("bf16-full"), TinyCheckpoints.qwen2(), TensorDType.BF16, 1);
        HfLoadOptions bf16 = HfLoadOptions.cpuFloat32().withDtype(ai.djl.ndarray.types.DataType.BFLOAT16).withTrainable(true);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), bf16)) {
            model.trainableParameters().forEach(p -> assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, p.getArray().getDataType()));
            ParityRewardGrpo grpo = new ParityRewardGrpo(model, model, PROMPT, GROUP, 3, 3e-3f);
            double before = grpo.rewardedMass();
            for (int i = 0; i < 6; i++) {
                grpo.step();
            }
            double after = grpo.rewardedMass();
            System.out.printf("GRPO bf16 full fine-tuning (fp32 masters), 6 steps: P(rewarded) %.3f -> %.3f%n", before, after);
            assertTrue(after > before + 0.05, "P(rewarded) " + before + " -> " + after);
        }
    }
}
