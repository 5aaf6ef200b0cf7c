package dev.rwb.engine.rl.train;

import ai.djl.ndarray.NDArray;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.rl.algo.LossInputs;
import dev.rwb.engine.rl.algo.PolicyGradientLoss;
import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One RL step's optimisation: {@code epochs} passes over the batch in {@code minibatches} shuffled
 * minibatches; each minibatch runs the teacher-forced forward pass in a gradient collector, builds
 * {@link PolicyGradientLoss}, reads the ratios ρ back from the same forward pass and computes every
 * token's contribution and clip flag with {@link ContributionCalculator} from those ratios, the
 * same weights and the same normalisers; then guards against NaN/Inf, clips the global gradient
 * norm and takes an AdamW step ({@link GradientStep}: the guards run on its reported loss and norm,
 * and it skips the update itself when the norm is not finite). A batch whose advantages are all 0 takes no optimizer step.
 */
public final class PolicyUpdate {
    private final GradientStep step;
    private final PolicyGradientLoss loss;
    private final ContributionCalculator contributions;
    private final int epochs;
    private final int minibatches;
    private final boolean withEntropy;

    public PolicyUpdate(GradientStep step, PolicyGradientLoss loss, ContributionCalculator contributions,
                        int epochs, int minibatches, boolean withEntropy) {
        this.step = step;
        this.loss = loss;
        this.contributions = contributions;
        this.epochs = epochs;
        this.minibatches = minibatches;
        this.withEntropy = withEntropy;
    }

    /** Runs the update of one step at learning rate {@code lr}; {@code rng} shuffles the minibatches. */
    public UpdateResult update(List<TrainingSample> batch, double lr, Random rng) {
        List<TokenArrays> records = new ArrayList<>(Collections.nCopies(batch.size(), null));
        boolean anyAdvantage = batch.stream().anyMatch(s -> s.advantage() != 0);
        if (!anyAdvantage) {
            // no optimizer step: nothing received gradient, so every contribution is 0
            for (int i = 0; i < batch.size(); i++) {
                TrainingSample s = batch.get(i);
                records.set(i, s.tokens().withUpdate(s.weights(), new float[s.tokens().length()],
                        new boolean[s.tokens().length()]));
            }
            return new UpdateResult(records, 0, 0, 0, 0, 0);
        }
        double lossSum = 0;
        double normSum = 0;
        int updates = 0;
        long tokens = 0;
        double clippedTokens = 0;
        double weightedTokens = 0;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            order.add(i);
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            Collections.shuffle(order, rng);
            boolean last = epoch == epochs - 1;
            int per = (int) Math.ceil((double) batch.size() / minibatches);
            for (int start = 0; start < batch.size(); start += per) {
                List<Integer> idx = order.subList(start, Math.min(batch.size(), start + per));
                Minibatch mb = minibatch(batch, idx, lr);
                lossSum += mb.loss;
                normSum += mb.gradNorm;
                updates++;
                tokens += mb.tokens;
                if (last) {
                    for (int k = 0; k < idx.size(); k++) {
                        TrainingSample s = batch.get(idx.get(k));
                        Contributions c = mb.contributions.get(k);
                        records.set(idx.get(k), s.tokens().withUpdate(s.weights(), c.contributions(), c.clipped()));
                        for (int t = 0; t < s.weights().length; t++) {
                            if (s.weights()[t] > 0) {
                                weightedTokens++;
                                clippedTokens += c.clipped()[t] ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        return new UpdateResult(records, lossSum / updates, normSum / updates,
                weightedTokens == 0 ? 0 : clippedTokens / weightedTokens, updates, tokens);
    }

    private record Minibatch(double loss, double gradNorm, long tokens, List<Contributions> contributions) {
    }

    private Minibatch minibatch(List<TrainingSample> batch, List<Integer> idx, double lr) {
        List<int[]> ids = new ArrayList<>();
        List<TokenArrays> tok = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        List<float[]> old = new ArrayList<>();
        List<float[]> adv = new ArrayList<>();
        List<float[]> ref = new ArrayList<>();
        for (int i : idx) {
            TrainingSample s = batch.get(i);
            ids.add(s.tokens().tokenIds());
            tok.add(s.tokens());
            weights.add(s.weights());
            old.add(s.tokens().logprobs());
            adv.add(s.tokens().advantages());
            ref.add(s.tokens().refLogprobs());
        }
        double[] n = contributions.normalisers(weights);
        List<List<Contributions>> out = new ArrayList<>(1);
        long[] cells = new long[1];
        Map<String, Double> m = step.run(ids, withEntropy, (scores, padded) -> {
            int cols = padded.columns();
            cells[0] = (long) padded.rows() * cols;
            LossInputs in = LossInputs.of(padded.manager(), cols, old, adv, weights, ref, n);
            NDArray l = loss.loss(scores.logprobs(), scores.entropies(), in);
            // ρ read back from the very forward pass the loss uses
            float[] current = scores.logprobs().toFloatArray();
            List<float[]> ratios = new ArrayList<>();
            for (int r = 0; r < ids.size(); r++) {
                float[] w = weights.get(r);
                float[] rho = new float[w.length];
                Arrays.fill(rho, 1f);
                for (int t = 0; t < w.length; t++) {
                    if (w[t] > 0) {
                        // ρ = exp(log π_θ − log π_old)
                        rho[t] = (float) Math.exp(current[r * cols + t] - old.get(r)[t]);
                    }
                }
                ratios.add(rho);
            }
            out.add(contributions.computeBatch(tok, weights, ratios));
            return l;
        }, (float) lr);
        double value = m.get("loss");
        if (!Double.isFinite(value)) {
            throw new TrainingDivergedException("the loss is " + value
                    + " (NaN/Inf); the run stops and keeps its last good checkpoint");
        }
        double norm = m.get("grad_norm");
        if (!Double.isFinite(norm)) {
            throw new TrainingDivergedException("the gradient norm is " + norm
                    + " (NaN/Inf in the gradients); the run stops and keeps its last good checkpoint");
        }
        return new Minibatch(value, norm, cells[0], out.get(0));
    }
}
