package dev.rwb.engine.model;

/**
 * Adam/AdamW hyper-parameters, the learning-rate schedule (linear warm-up, then cosine decay to
 * {@code minLearningRate}) and the global gradient-norm clip.
 *
 * @param learningRate peak learning rate
 * @param warmupSteps steps of linear warm-up from 0 to the peak
 * @param totalSteps step at which the cosine reaches {@code minLearningRate} (and stays)
 * @param minLearningRate floor of the cosine decay
 * @param beta1 Adam β₁
 * @param beta2 Adam β₂
 * @param epsilon Adam ε
 * @param weightDecay decoupled (AdamW) weight decay, applied to matrices and embeddings only; 0 = Adam
 * @param maxGradNorm clip the global L2 norm of all gradients to this (≤ 0 = no clipping)
 */
public record OptimizerSettings(float learningRate, int warmupSteps, int totalSteps, float minLearningRate,
                                float beta1, float beta2, float epsilon, float weightDecay, float maxGradNorm) {

    public OptimizerSettings {
        if (!(learningRate > 0) || warmupSteps < 0 || totalSteps < 1 || minLearningRate < 0 || minLearningRate > learningRate) {
            throw new IllegalArgumentException("invalid learning-rate schedule " + this);
        }
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && weightDecay >= 0)) {
            throw new IllegalArgumentException("invalid Adam settings " + this);
        }
    }

    /** Plain Adam at a constant rate, no clipping (the PyTorch reference's optimiser). */
    public static OptimizerSettings constantAdam(float learningRate) {
        return new OptimizerSettings(learningRate, 0, Integer.MAX_VALUE, learningRate, 0.9f, 0.999f, 1e-8f, 0f, 0f);
    }

    /** AdamW with warm-up + cosine and global clipping at 1.0 (nanoGPT-like defaults). */
    public static OptimizerSettings adamW(float learningRate, int warmupSteps, int totalSteps) {
        return new OptimizerSettings(learningRate, warmupSteps, totalSteps, learningRate / 10, 0.9f, 0.95f, 1e-8f, 0.1f, 1f);
    }

    /** Learning rate at a 0-based step. */
    public float learningRateAt(int step) {
        if (step < warmupSteps) {
            // linear warm-up: lr = peak · (step+1)/warmup
            return learningRate * (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return minLearningRate;
        }
        // cosine: lr = min + ½(peak − min)(1 + cos(π · progress))
        double progress = (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
        return (float) (minLearningRate + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress)));
    }
}
