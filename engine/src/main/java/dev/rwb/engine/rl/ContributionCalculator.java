package dev.rwb.engine.rl;

import dev.rwb.engine.config.LossAggregation;
import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Computes each token's reward contribution (DESIGN §4): for the clipped policy-gradient loss
 * {@code L = -(1/N) Σ_t w_t·min(ρ_t A_t, clip(ρ_t, 1−ε_low, 1+ε_high) A_t) + (β/N) Σ_t w_t·k(t)},
 * the coefficient of ∇ log π(token t) in −∇L.
 *
 * <p>Derivation. Since ∇ρ_t = ρ_t ∇ log π_t, the unclipped surrogate term gives
 * {@code w_t A_t ρ_t / N}. Where the clip is active — (A_t &gt; 0 and ρ_t &gt; 1+ε_high) or
 * (A_t &lt; 0 and ρ_t &lt; 1−ε_low) — the min picks the constant clipped branch, whose gradient is 0.
 * The KL term adds {@code −β w_t (∂k/∂log π_t) / N}: for k1 that is {@code −β w_t / N}; for k3
 * {@code −β w_t (1 − e^δ) / N} with δ = log π_ref − log π (see {@link KlEstimator}). So
 * {@code c_t = [clip inactive]·w_t A_t ρ_t / N − [KL in loss]·β w_t k'(t) / N}.
 *
 * <p>Optional terms of the trainer's loss: the dual clip (c &gt; 1) also removes the gradient of a
 * token with A &lt; 0 and ρ &gt; c; Kimi k1.5's τ term {@code (τ/2)(1/B) Σ_j (Σ_t w_t ln ρ_t)²} adds
 * {@code −τ·S_j·w_t/B} with S_j = Σ_t w_t ln ρ_t (0 on-policy). The entropy bonus acts on the
 * whole next-token distribution, not on ∇ log π(token), so it is not part of c_t.
 *
 * <p>The current policy's log-prob is {@code logprob_t + ln ρ_t} (ρ = π_θ/π_old, stored logprob = π_old).
 * Tokens with weight 0 contribute exactly 0 and are never reported clipped.
 */
public final class ContributionCalculator {
    private final LossAggregation aggregation;
    private final double epsLow;
    private final double epsHigh;
    private final KlEstimator kl;
    private final double beta;
    private final boolean klInLoss;
    private final int maxLength;
    private final double dualClip;
    private final double tau;

    private ContributionCalculator(Builder b) {
        this.aggregation = b.aggregation;
        this.epsLow = b.epsLow;
        this.epsHigh = b.epsHigh;
        this.kl = b.kl;
        this.beta = b.beta;
        this.klInLoss = b.klInLoss;
        this.maxLength = b.maxLength;
        this.dualClip = b.dualClip;
        this.tau = b.tau;
    }

    public static Builder builder() {
        return new Builder();
    }

    public LossAggregation aggregation() {
        return aggregation;
    }

    /**
     * Contributions of one trajectory recomputed on its own (e.g. the inspector's what-if masking).
     * Here the batch is this one sequence: token-mean and seq-mean-token-mean both give
     * N = Σ_t w_t of this trajectory, Dr. GRPO gives N = L_max. The values therefore differ from
     * the trainer's by the constant factor (batch N / sequence N), which preserves every sign and
     * every ratio between tokens of the trajectory.
     *
     * @param ratios ρ_t = π_θ/π_old per token; use {@link #onPolicyRatios} when unknown (first
     *               update of a freshly sampled batch, where π_θ = π_old)
     */
    public Contributions compute(TokenArrays tokens, float[] weights, float[] ratios) {
        return computeBatch(List.of(tokens), List.of(weights), List.of(ratios)).get(0);
    }

    /** {@link #compute} with ρ = 1 everywhere (on-policy: no clipping, KL at the sampled log-probs). */
    public Contributions compute(TokenArrays tokens, float[] weights) {
        return compute(tokens, weights, onPolicyRatios(tokens.length()));
    }

    /**
     * Contributions of one trajectory with an explicit normaliser N (e.g. the one its training batch
     * had, {@link RecoveredUpdate}); the KL and τ terms as in the batch (τ's B taken as 1).
     */
    public Contributions computeWithNormaliser(TokenArrays tokens, float[] weights, float[] ratios, double normaliser) {
        requireLength("weights", weights, tokens.length(), 0);
        requireLength("ratios", ratios, tokens.length(), 0);
        if (!(normaliser > 0) || Double.isInfinite(normaliser)) {
            throw new IllegalArgumentException("the normaliser must be a positive number, found " + normaliser);
        }
        return computeSequence(tokens, weights, ratios, normaliser, 0, 1);
    }

    /** Contributions of every sequence of a training batch, with the batch-level normalisers of {@link LossAggregation}. */
    public List<Contributions> computeBatch(List<TokenArrays> batch, List<float[]> weights, List<float[]> ratios) {
        if (batch.size() != weights.size() || batch.size() != ratios.size()) {
            throw new IllegalArgumentException("batch has " + batch.size() + " sequences but " + weights.size()
                    + " weight arrays and " + ratios.size() + " ratio arrays");
        }
        int b = batch.size();
        for (int i = 0; i < b; i++) {
            requireLength("weights", weights.get(i), batch.get(i).length(), i);
            requireLength("ratios", ratios.get(i), batch.get(i).length(), i);
        }
        double[] n = normalisers(weights);
        List<Contributions> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            out.add(computeSequence(batch.get(i), weights.get(i), ratios.get(i), n[i], i, b));
        }
        return out;
    }

    /** The normaliser N_i of every sequence of a batch under this aggregation (see {@link LossAggregation}). */
    public double[] normalisers(List<float[]> weights) {
        int b = weights.size();
        double batchWeight = 0;
        for (float[] w : weights) {
            batchWeight += sum(w);
        }
        double[] n = new double[b];
        for (int i = 0; i < b; i++) {
            n[i] = switch (aggregation) {
                // token-mean: N = Σ_batch Σ_t w_t
                case TOKEN_MEAN -> batchWeight;
                // seq-mean-token-mean: L = (1/B) Σ_i (1/Σ_t w_it) Σ_t … ⇒ N_i = B · Σ_t w_it
                case SEQ_MEAN_TOKEN_MEAN -> b * sum(weights.get(i));
                // Dr. GRPO: L = (1/B) Σ_i Σ_t … / L_max ⇒ N = B · L_max
                case SEQ_MEAN_TOKEN_SUM_NORM -> (double) b * maxLength;
            };
        }
        return n;
    }

    private Contributions computeSequence(TokenArrays tokens, float[] w, float[] ratio, double n, int seq, int batchSize) {
        int len = tokens.length();
        float[] c = new float[len];
        boolean[] clipped = new boolean[len];
        float[] adv = tokens.advantages();
        float[] logp = tokens.logprobs();
        float[] ref = tokens.refLogprobs();
        // Kimi k1.5 τ term (τ/2)(1/B)·S² with S = Σ_t w_t ln ρ_t: its coefficient on ∇ log π_t is τ·S·w_t/B
        double logRatioSum = 0;
        if (tau != 0) {
            for (int t = 0; t < len; t++) {
                if (w[t] != 0f) {
                    logRatioSum += w[t] * Math.log(ratio[t]);
                }
            }
        }
        for (int t = 0; t < len; t++) {
            if (w[t] == 0f) {
                continue;
            }
            double a = adv[t];
            double rho = ratio[t];
            if (!Double.isFinite(a) || !(rho > 0) || Double.isInfinite(rho)) {
                throw new IllegalArgumentException("sequence " + seq + ", token " + t + " has weight " + w[t]
                        + " but advantage " + a + " and ratio " + rho + " (both must be finite, ratio > 0)");
            }
            // clip active when (A > 0 and ρ > 1+ε_high) or (A < 0 and ρ < 1−ε_low)
            boolean clip = (a > 0 && rho > 1 + epsHigh) || (a < 0 && rho < 1 - epsLow)
                    // dual clip (c > 1): for A < 0 the objective is max(min(ρA, clip(ρ)A), c·A), flat once ρ > c
                    || (dualClip > 0 && a < 0 && rho > dualClip);
            // c_t = w_t · A_t · ρ_t / N, or 0 under the clip
            double value = clip ? 0.0 : w[t] * a * rho / n;
            if (klInLoss && Float.isFinite(logp[t]) && Float.isFinite(ref[t])) {
                // log π_θ = log π_old + ln ρ
                double current = logp[t] + Math.log(rho);
                // minus β · w_t · ∂k/∂log π / N
                value -= beta * w[t] * kl.derivative(current, ref[t]) / n;
            }
            if (tau != 0) {
                // minus τ · S · w_t / B
                value -= tau * logRatioSum * w[t] / batchSize;
            }
            c[t] = (float) value;
            clipped[t] = clip;
        }
        return new Contributions(c, clipped, n);
    }

    double epsLow() {
        return epsLow;
    }

    double epsHigh() {
        return epsHigh;
    }

    double dualClip() {
        return dualClip;
    }

    KlEstimator kl() {
        return kl;
    }

    double beta() {
        return beta;
    }

    boolean klInLoss() {
        return klInLoss;
    }

    /** ρ = 1 for every token. */
    public static float[] onPolicyRatios(int length) {
        float[] r = new float[length];
        Arrays.fill(r, 1f);
        return r;
    }

    private static double sum(float[] xs) {
        double s = 0;
        for (float x : xs) {
            s += x;
        }
        return s;
    }

    private static void requireLength(String what, float[] arr, int expected, int seq) {
        Objects.requireNonNull(arr, what);
        if (arr.length != expected) {
            throw new IllegalArgumentException("sequence " + seq + ": " + what + " has " + arr.length
                    + " values but the trajectory has " + expected + " tokens");
        }
    }

    /** Defaults: token-mean, ε_low 0.2, ε_high 0.28 (DAPO clip-higher), no KL in the loss. */
    public static final class Builder {
        private LossAggregation aggregation = LossAggregation.TOKEN_MEAN;
        private double epsLow = 0.2;
        private double epsHigh = 0.28;
        private KlEstimator kl = KlEstimator.K3;
        private double beta;
        private boolean klInLoss;
        private int maxLength = -1;
        private double dualClip;
        private double tau;

        private Builder() {
        }

        /** Dual clip constant c &gt; 1 (Ye et al. 2020): bounds the objective of negative advantages at c·A; 0 = off. */
        public Builder dualClip(double c) {
            if (c != 0 && !(c > 1)) {
                throw new IllegalArgumentException("dual clip must be 0 (off) or > 1, found " + c);
            }
            this.dualClip = c;
            return this;
        }

        /** Kimi k1.5's τ: the loss adds (τ/2)(1/B) Σ_j (Σ_t w_t ln ρ_t)²; 0 = off. */
        public Builder squaredLogRatio(double tau) {
            if (!(tau >= 0)) {
                throw new IllegalArgumentException("τ must be ≥ 0, found " + tau);
            }
            this.tau = tau;
            return this;
        }

        public Builder aggregation(LossAggregation aggregation) {
            this.aggregation = Objects.requireNonNull(aggregation);
            return this;
        }

        /** PPO clip range [1−ε_low, 1+ε_high]; pass a huge ε to disable one side. */
        public Builder clip(double epsLow, double epsHigh) {
            if (!(epsLow >= 0 && epsHigh >= 0)) {
                throw new IllegalArgumentException("clip epsilons must be ≥ 0, found " + epsLow + ", " + epsHigh);
            }
            this.epsLow = epsLow;
            this.epsHigh = epsHigh;
            return this;
        }

        /** KL penalty to the reference: estimator, coefficient β, and whether it is in the loss (else in the reward: no effect here). */
        public Builder kl(KlEstimator estimator, double beta, boolean inLoss) {
            if (!(beta >= 0)) {
                throw new IllegalArgumentException("KL coefficient must be ≥ 0, found " + beta);
            }
            this.kl = Objects.requireNonNull(estimator);
            this.beta = beta;
            this.klInLoss = inLoss;
            return this;
        }

        /** L_max of Dr. GRPO's constant normaliser (the maximum response length); required for that mode. */
        public Builder maxLength(int maxLength) {
            this.maxLength = maxLength;
            return this;
        }

        public ContributionCalculator build() {
            if (aggregation == LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM && maxLength <= 0) {
                throw new IllegalArgumentException("seq-mean-token-sum-norm (Dr. GRPO) needs maxLength > 0");
            }
            return new ContributionCalculator(this);
        }
    }
}
