package dev.rwb.engine.model;

import java.util.Objects;

/**
 * Adam/AdamW hyper-parameters, the learning-rate schedule and the global gradient-norm clip.
 * Build with {@link #builder()}; every setting has a default (DJL's and PyTorch's Adam defaults).
 */
public final class OptimizerSettings {
    private final LearningRateSchedule schedule;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final float maxGradNorm;

    private OptimizerSettings(Builder b) {
        this.schedule = b.schedule;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.epsilon = b.epsilon;
        this.weightDecay = b.weightDecay;
        this.maxGradNorm = b.maxGradNorm;
    }

    /** Defaults: constant rate 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-8, no weight decay, no gradient clipping. */
    public static Builder builder() {
        return new Builder();
    }

    /** Plain Adam at a constant rate, no clipping (the PyTorch reference's optimiser). */
    public static OptimizerSettings constantAdam(float learningRate) {
        return builder().optLearningRateSchedule(LearningRateSchedule.constant(learningRate)).build();
    }

    /** AdamW with warm-up, cosine to a tenth of the peak, β₂ 0.95, decay 0.1 and global clipping at 1.0 (nanoGPT-like). */
    public static OptimizerSettings adamW(float learningRate, int warmupSteps, int totalSteps) {
        return builder().optLearningRateSchedule(LearningRateSchedule.warmupCosine(learningRate, warmupSteps,
                        totalSteps, learningRate / 10.0))
                .optBeta2(0.95f).optWeightDecay(0.1f).optMaxGradNorm(1f).build();
    }

    /** The learning-rate schedule. */
    public LearningRateSchedule learningRateSchedule() {
        return schedule;
    }

    /** The rate of update {@code step}, counted from 1 (see {@link LearningRateSchedule}). */
    public float learningRateAt(int step) {
        return (float) schedule.at(step);
    }

    /** Adam β₁ (first-moment decay). */
    public float beta1() {
        return beta1;
    }

    /** Adam β₂ (second-moment decay). */
    public float beta2() {
        return beta2;
    }

    /** Adam ε (added to √v). */
    public float epsilon() {
        return epsilon;
    }

    /** Decoupled (AdamW) weight decay, applied to matrices and embeddings only; 0 = Adam. */
    public float weightDecay() {
        return weightDecay;
    }

    /** The global L2 norm of all gradients is clipped to this (≤ 0 = no clipping). */
    public float maxGradNorm() {
        return maxGradNorm;
    }

    @Override
    public String toString() {
        return "OptimizerSettings[" + schedule + ", β₁ " + beta1 + ", β₂ " + beta2 + ", ε " + epsilon
                + ", weight decay " + weightDecay + ", max grad norm " + maxGradNorm + "]";
    }

    /** Builder with the defaults of {@link OptimizerSettings#builder()}; {@link #build()} validates. */
    public static final class Builder {
        private LearningRateSchedule schedule = LearningRateSchedule.constant(1e-3);
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;
        private float weightDecay;
        private float maxGradNorm;

        private Builder() {
        }

        /** The learning rate per step (default constant 1e-3). */
        public Builder optLearningRateSchedule(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule);
            return this;
        }

        /** Adam β₁ ∈ [0, 1) (default 0.9). */
        public Builder optBeta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        /** Adam β₂ ∈ [0, 1) (default 0.999). */
        public Builder optBeta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** Adam ε &gt; 0 (default 1e-8). */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /** Decoupled weight decay ≥ 0 (default 0 = plain Adam). */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Global gradient-norm clip (default 0 = off). */
        public Builder optMaxGradNorm(float maxGradNorm) {
            this.maxGradNorm = maxGradNorm;
            return this;
        }

        public OptimizerSettings build() {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && weightDecay >= 0)) {
                throw new IllegalArgumentException("invalid Adam settings: β₁ " + beta1 + ", β₂ " + beta2
                        + ", ε " + epsilon + ", weight decay " + weightDecay);
            }
            return new OptimizerSettings(this);
        }
    }
}
