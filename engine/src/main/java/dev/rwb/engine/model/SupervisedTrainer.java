package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Map;

/**
 * Supervised fine-tuning with per-token loss weights (the warm start that teaches a from-scratch
 * model the task format): weighted negative log-likelihood, trained only where weight > 0.
 */
public final class SupervisedTrainer {
    private final GradientStep gradientStep;
    private final TrainingListener listener;

    public SupervisedTrainer(GptPolicy policy, OptimizerSettings settings, TrainingListener listener) {
        this.gradientStep = new GradientStep(policy, settings);
        this.listener = listener;
    }

    /** The optimizer step this trainer runs (its state goes into a resumable checkpoint). */
    public GradientStep gradientStep() {
        return gradientStep;
    }

    /**
     * One step. {@code lossWeights.get(b)[t]} weighs the prediction of token t of sequence b
     * (index 0 has no prediction and is ignored). Returns the step's metrics (also sent to the listener).
     */
    public Map<String, Double> step(List<int[]> sequences, List<float[]> lossWeights) {
        return step(sequences, lossWeights, BatchColumns.longest());
    }

    /** As {@link #step(List, List)}, with the batch padded to the width {@code columns} gives (see {@link BatchColumns}). */
    public Map<String, Double> step(List<int[]> sequences, List<float[]> lossWeights, BatchColumns columns) {
        if (sequences.size() != lossWeights.size()) {
            throw new IllegalArgumentException(sequences.size() + " sequences but " + lossWeights.size() + " weight arrays");
        }
        for (int b = 0; b < sequences.size(); b++) {
            if (sequences.get(b).length != lossWeights.get(b).length) {
                throw new IllegalArgumentException("sequence " + b + " has " + sequences.get(b).length
                        + " tokens but " + lossWeights.get(b).length + " loss weights");
            }
        }
        int index = gradientStep.stepsTaken();
        Map<String, Double> metrics = gradientStep.run(sequences, false, weightedNll(lossWeights), columns);
        listener.onStep(index, metrics);
        return metrics;
    }

    /** The supervised loss: the negative log-likelihood weighted per token, padding (mask 0) weighing 0. */
    static TokenLoss weightedNll(List<float[]> lossWeights) {
        return (scores, batch) -> {
            NDArray w = batch.perToken(lossWeights).mul(batch.mask());
            // column 0 predicts nothing
            w.set(new ai.djl.ndarray.index.NDIndex(":, 0"), 0f);
            // L = Σ_t w_t · (−log π(x_t | x_<t)) / Σ_t w_t
            return scores.logprobs().mul(w).sum().neg().div(w.sum().add(1e-8f));
        };
    }
}
