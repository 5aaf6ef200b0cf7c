package dev.rwb.engine.hf;

import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.model.OptimizerSettings;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TrainableModel;
import dev.rwb.engine.rl.Advantages;
import dev.rwb.engine.rl.algo.LossInputs;
import dev.rwb.engine.rl.algo.PolicyGradientLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A few GRPO steps (group sampling through the KV cache, group-normalised advantages, the trainer's
 * clipped policy-gradient loss, AdamW through {@link GradientStep}) on a tiny Qwen2 checkpoint raise
 * the probability of rewarded answers, with full fine-tuning and with LoRA; the LoRA run leaves the
 * frozen base (the KL reference) exactly as loaded, and its merged save scores like the adapted model.
 */
class HfGrpoTest {
    private static final int[] PROMPT = {11, 12, 13, 14, 15};
    private static final int GROUP = 8;

    @TempDir
    Path tmp;

    /** Reward: the answer's first token is even. */
    private static double reward(int[] answer) {
        return answer.length > 0 && answer[0] % 2 == 0 ? 1 : 0;
    }

    /** P(first answer token is even | prompt). */
    private static double rewardedMass(HfModel model) {
        float[] logp = model.nextTokenLogprobs(PROMPT);
        double mass = 0;
        for (int v = 0; v < logp.length; v += 2) {
            mass += Math.exp(logp[v]);
        }
        return mass;
    }

    private static void grpoSteps(HfModel model, TrainableModel trainable, int steps, float lr) {
        GradientStep optimizer = new GradientStep(trainable, OptimizerSettings.constantAdam(lr));
        PolicyGradientLoss loss = new PolicyGradientLoss(0.2, 0.28, 0, null, 0, 0, 0);
        for (int step = 0; step < steps; step++) {
            List<int[]> prompts = Collections.nCopies(GROUP, PROMPT);
            List<Generation> group;
            try (GenerationSession session = model.start(prompts, SamplingParams.of(1f, 100 + step))) {
                boolean[] all = new boolean[GROUP];
                Arrays.fill(all, true);
                group = session.generate(all, 3, Set.of());
            }
            double[] rewards = group.stream().mapToDouble(g -> reward(g.tokenIds())).toArray();
            double[] advantages = Advantages.grpo(rewards);
            List<int[]> sequences = new ArrayList<>();
            List<float[]> old = new ArrayList<>();
            List<float[]> adv = new ArrayList<>();
            List<float[]> weights = new ArrayList<>();
            List<float[]> ref = new ArrayList<>();
            for (int i = 0; i < GROUP; i++) {
                int[] answer = group.get(i).tokenIds();
                int[] seq = Arrays.copyOf(PROMPT, PROMPT.length + answer.length);
                System.arraycopy(answer, 0, seq, PROMPT.length, answer.length);
                sequences.add(seq);
                float[] o = new float[seq.length];
                float[] a = new float[seq.length];
                float[] w = new float[seq.length];
                float[] r = new float[seq.length];
                Arrays.fill(r, Float.NaN);
                for (int t = 0; t < answer.length; t++) {
                    // the sampler's log-probs are the policy's own (π_old), aligned with the answer tokens
                    o[PROMPT.length + t] = group.get(i).logprobs()[t];
                    a[PROMPT.length + t] = (float) advantages[i];
                    w[PROMPT.length + t] = 1;
                }
                old.add(o);
                adv.add(a);
                weights.add(w);
                ref.add(r);
            }
            double[] normalisers = new double[GROUP];
            Arrays.fill(normalisers, 3.0 * GROUP);
            optimizer.run(sequences, false, (scores, batch) -> loss.loss(scores.logprobs(), null,
                    LossInputs.of(batch.manager(), batch.columns(), old, adv, weights, ref, normalisers)));
        }
    }

    @Test
    void fullFineTuningRaisesRewardedMass() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("full"), TinyCheckpoints.qwen2(), TensorDType.F32, 1);
        try (HfModel model = HfModel.load(HfModelDirectory.of(dir), HfLoadOptions.cpuFloat32().withTrainable(true))) {
            double before = rewardedMass(model);
            grpoSteps(model, model, 6, 3e-3f);
            double after = rewardedMass(model);
            System.out.printf("GRPO full fine-tuning, 6 steps: P(rewarded) %.3f -> %.3f%n", before, after);
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
            double before = rewardedMass(model);
            grpoSteps(model, policy, 6, 1e-2f);
            double after = rewardedMass(model);
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
}
