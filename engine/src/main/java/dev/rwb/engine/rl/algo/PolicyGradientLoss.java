package dev.rwb.engine.rl.algo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;
import dev.rwb.engine.rl.KlEstimator;

/**
 * The clipped policy-gradient loss of every algorithm of the trainer (DESIGN §5), read top to
 * bottom. With ρ_t = π_θ/π_old, w the loss weight, A the advantage and N_i the aggregation's
 * normaliser:
 * <pre>
 *   L = −Σ_i Σ_t w·min(ρA, clip(ρ, 1−ε_low, 1+ε_high)·A) / N_i      (PPO clip-higher; dual clip optional)
 *       + β Σ_i Σ_t w·k(t) / N_i                                   (KL to the reference, when in the loss)
 *       − c_H Σ_i Σ_t w·H_t / N_i                                  (entropy bonus)
 *       + (τ/2)(1/B) Σ_i (Σ_t w·ln ρ_t)²                            (Kimi k1.5 squared log-ratio)
 * </pre>
 * REINFORCE (Kimi) uses it with the clip disabled; at ρ = 1 the first term's gradient is
 * {@code −Σ w·A·∇log π / N}, the plain policy gradient with a baseline.
 * {@link dev.rwb.engine.rl.ContributionCalculator} gives −∂L/∂log π_t for every token; a test
 * checks it against this loss's autograd gradient.
 */
public final class PolicyGradientLoss {
    private final double epsLow;
    private final double epsHigh;
    private final double dualClip;
    private final KlEstimator kl;
    private final double beta;
    private final double entropyCoef;
    private final double tau;

    /**
     * @param dualClip c &gt; 1, or 0 for off
     * @param kl the estimator when KL is in the loss, or null
     */
    public PolicyGradientLoss(double epsLow, double epsHigh, double dualClip, KlEstimator kl, double beta,
                              double entropyCoef, double tau) {
        this.epsLow = epsLow;
        this.epsHigh = epsHigh;
        this.dualClip = dualClip;
        this.kl = kl;
        this.beta = beta;
        this.entropyCoef = entropyCoef;
        this.tau = tau;
    }

    /**
     * @param logprobs (B,T) log π_θ of each token, differentiable
     * @param entropies (B,T) entropies of π_θ, differentiable; may be null when the entropy coefficient is 0
     * @return the scalar loss
     */
    public NDArray loss(NDArray logprobs, NDArray entropies, LossInputs in) {
        // Every coefficient enters as a float: a 0-d float32 sum times a Java double is promoted to
        // float64 by PyTorch, and the loss must stay float32 for the step to read it.
        NDArray w = in.weights();
        NDArray a = in.advantages();
        // ln ρ = log π_θ − log π_old (masked tokens: both 0 after masking, so ρ = 1 there)
        NDArray logRatio = logprobs.mul(w.gt(0).toType(DataType.FLOAT32, false)).sub(in.oldLogprobs());
        NDArray ratio = logRatio.exp();
        // min(ρA, clip(ρ, 1−ε_low, 1+ε_high)·A)
        NDArray objective = NDArrays.minimum(ratio.mul(a), ratio.clip(1 - epsLow, 1 + epsHigh).mul(a));
        if (dualClip > 0) {
            // dual clip, A < 0: max(min(ρA, clip(ρ)A), c·A)
            NDArray bounded = NDArrays.maximum(objective, a.mul((float) dualClip));
            objective = NDArrays.where(a.lt(0), bounded, objective);
        }
        // −Σ w·objective / N_i
        NDArray loss = objective.mul(w).mul(in.inverseNormalisers()).sum().neg();
        if (kl != null && beta > 0) {
            loss = loss.add(klTerm(logprobs, in).mul(in.klWeights()).mul(in.inverseNormalisers()).sum().mul((float) beta));
        }
        if (entropyCoef > 0 && entropies != null) {
            // − c_H Σ w·H / N_i
            loss = loss.sub(entropies.mul(w).mul(in.inverseNormalisers()).sum().mul((float) entropyCoef));
        }
        if (tau > 0) {
            long b = w.getShape().get(0);
            // (τ/2)(1/B) Σ_i (Σ_t w·ln ρ)²
            NDArray perSequence = logRatio.mul(w).sum(new int[] {1});
            loss = loss.add(perSequence.square().sum().mul((float) (tau / 2.0 / b)));
        }
        return loss;
    }

    private NDArray klTerm(NDArray logprobs, LossInputs in) {
        if (kl == KlEstimator.K1) {
            // k1 = log π − log π_ref
            return logprobs.sub(in.refLogprobs());
        }
        // k3 = e^δ − δ − 1, δ = clamp(log π_ref − log π, ±20)
        NDArray delta = in.refLogprobs().sub(logprobs).clip(-KlEstimator.DELTA_CLAMP, KlEstimator.DELTA_CLAMP);
        return delta.exp().sub(delta).sub(1);
    }
}
