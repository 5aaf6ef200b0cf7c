package dev.rwb.engine.rl;

import java.util.Locale;

/**
 * Per-token estimators of KL(π‖π_ref) from a sample of π (Schulman, "Approximating KL divergence").
 * Each gives its value and its derivative with respect to log π(token), which is the coefficient
 * of ∇ log π that the KL term adds to the gradient.
 */
public enum KlEstimator {
    /** k1 = log π − log π_ref: unbiased, high variance, can be negative per token. */
    K1 {
        @Override
        public double value(double logp, double refLogp) {
            return logp - refLogp;
        }

        @Override
        public double derivative(double logp, double refLogp) {
            // d/dlogπ (logπ − logπref) = 1
            return 1.0;
        }
    },
    /** k3 = e^δ − δ − 1 with δ = log π_ref − log π clamped to ±20: unbiased, always ≥ 0. */
    K3 {
        @Override
        public double value(double logp, double refLogp) {
            double delta = clampDelta(refLogp - logp);
            // k3 = e^δ − δ − 1
            return Math.exp(delta) - delta - 1.0;
        }

        @Override
        public double derivative(double logp, double refLogp) {
            double raw = refLogp - logp;
            if (raw > DELTA_CLAMP || raw < -DELTA_CLAMP) {
                // The clamp is flat outside ±20, so (as in autograd) no gradient flows through it.
                return 0.0;
            }
            // dk3/dlogπ = (e^δ − 1)·dδ/dlogπ, and dδ/dlogπ = −1  ⇒  dk3/dlogπ = 1 − e^δ
            return 1.0 - Math.exp(raw);
        }
    };

    /** Bound on |δ| so e^δ cannot overflow (verl clamps the same way). */
    public static final double DELTA_CLAMP = 20.0;

    /** The estimate of the per-token KL. */
    public abstract double value(double logp, double refLogp);

    /** d(estimate)/d(log π(token)). */
    public abstract double derivative(double logp, double refLogp);

    static double clampDelta(double delta) {
        return Math.max(-DELTA_CLAMP, Math.min(DELTA_CLAMP, delta));
    }

    /** Parses "k1"/"K3". */
    public static KlEstimator parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown KL estimator '" + name + "' (expected k1 or k3)");
        }
    }
}
