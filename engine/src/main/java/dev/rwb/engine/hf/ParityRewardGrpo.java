package dev.rwb.engine.hf;

import dev.rwb.engine.model.Generation;
import dev.rwb.engine.model.GenerationSession;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.model.OptimizerSettings;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TrainableModel;
import dev.rwb.engine.rl.Advantages;
import dev.rwb.engine.rl.algo.LossInputs;
import dev.rwb.engine.rl.algo.PolicyGradientLoss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A self-contained GRPO loop on token ids with a synthetic verifiable reward (1 when the answer's
 * first token id is even), for checks that need no tokenizer or task: the unit tests, and the GPU
 * check's "GRPO steps with LoRA" on a random checkpoint. Each step samples a group of answers to one
 * prompt through the KV cache, takes GRPO's group-normalised advantages, and applies the trainer's
 * clipped policy-gradient loss (ε 0.2 / 0.28, token-mean over the group) through {@link GradientStep}.
 * Under a working update the probability mass of even first tokens rises.
 */
public final class ParityRewardGrpo {
    private final HfModel model;
    private final GradientStep optimizer;
    private final PolicyGradientLoss loss = new PolicyGradientLoss(0.2, 0.28, 0, null, 0, 0, 0);
    private final int[] prompt;
    private final int group;
    private final int answerTokens;
    private int step;

    /**
     * @param trainable what the optimizer updates (the model itself, or an {@link HfPolicy} over it)
     */
    public ParityRewardGrpo(HfModel model, TrainableModel trainable, int[] prompt, int group, int answerTokens, float lr) {
        this.model = model;
        this.optimizer = new GradientStep(trainable, OptimizerSettings.constantAdam(lr));
        this.prompt = prompt.clone();
        this.group = group;
        this.answerTokens = answerTokens;
    }

    /** Reward of one answer: its first token id is even. */
    static double reward(int[] answer) {
        return answer.length > 0 && answer[0] % 2 == 0 ? 1 : 0;
    }

    /** P(first answer token is even | prompt) under the current model. */
    public double rewardedMass() {
        float[] logp = model.nextTokenLogprobs(prompt);
        double mass = 0;
        for (int v = 0; v < logp.length; v += 2) {
            mass += Math.exp(logp[v]);
        }
        return mass;
    }

    /** One GRPO step; returns its metrics (reward_mean, loss, grad_norm, lr). */
    public Map<String, Double> step() {
        List<Generation> answers;
        try (GenerationSession session = model.start(Collections.nCopies(group, prompt), SamplingParams.of(1f, 100 + step))) {
            boolean[] all = new boolean[group];
            Arrays.fill(all, true);
            answers = session.generate(all, answerTokens, Set.of());
        }
        double[] rewards = answers.stream().mapToDouble(g -> reward(g.tokenIds())).toArray();
        double[] advantages = Advantages.grpo(rewards);
        List<int[]> sequences = new ArrayList<>();
        List<float[]> old = new ArrayList<>();
        List<float[]> adv = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        List<float[]> ref = new ArrayList<>();
        int tokens = 0;
        for (int i = 0; i < group; i++) {
            int[] answer = answers.get(i).tokenIds();
            int[] seq = Arrays.copyOf(prompt, prompt.length + answer.length);
            System.arraycopy(answer, 0, seq, prompt.length, answer.length);
            sequences.add(seq);
            float[] o = new float[seq.length];
            float[] a = new float[seq.length];
            float[] w = new float[seq.length];
            float[] r = new float[seq.length];
            Arrays.fill(r, Float.NaN);
            for (int t = 0; t < answer.length; t++) {
                // the sampler's log-probs are the policy's own (π_old), aligned with the answer tokens
                o[prompt.length + t] = answers.get(i).logprobs()[t];
                a[prompt.length + t] = (float) advantages[i];
                w[prompt.length + t] = 1;
            }
            tokens += answer.length;
            old.add(o);
            adv.add(a);
            weights.add(w);
            ref.add(r);
        }
        // token-mean over the whole group (DAPO's aggregation): N_i = total answer tokens
        double[] normalisers = new double[group];
        Arrays.fill(normalisers, Math.max(1, tokens));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("reward_mean", Arrays.stream(rewards).average().orElse(0));
        metrics.putAll(optimizer.run(sequences, false, (scores, batch) -> loss.loss(scores.logprobs(), null,
                LossInputs.of(batch.manager(), batch.columns(), old, adv, weights, ref, normalisers))));
        step++;
        return metrics;
    }
}
