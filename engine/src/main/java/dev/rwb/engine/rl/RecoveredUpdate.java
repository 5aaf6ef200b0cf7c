package dev.rwb.engine.rl;

import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The importance ratios ρ_t and the normaliser N of a stored trajectory's update, recovered from
 * its stored contributions under the run's own loss ({@link ContributionCalculator}: clip, KL and
 * its placement, aggregation), so the trajectory can be recomputed alone — under its own weights
 * (reproducing the stored values) or under another mask policy (the what-if). Ratios are not
 * stored, and N belongs to the whole training batch.
 *
 * <p>Inverting {@code c_t = w_t·A_t·ρ_t/N − β·w_t·k'(log π_old + ln ρ_t, log π_ref)/N}:
 * <ol>
 *   <li>N̂ = the median over the usable tokens of {@code w_t·(A_t − β·k'_t(ρ=1)) / c_t}, i.e. the
 *       median token is taken as on-policy (ρ = 1; exact for one epoch on fresh samples), then moved
 *       into the range that keeps every unclipped token unclipped; with k1, a token without a
 *       policy term (clipped, or A = 0) gives N = −β·w/c exactly, and such tokens decide;</li>
 *   <li>per token, ρ_t solves the equation with N̂: without KL {@code ρ = c·N̂/(w·A)}; k1 (k' = 1)
 *       {@code ρ = (c·N̂/w + β)/A}; k3 (k' = 1 − e^{δ₀}/ρ, δ₀ = log π_ref − log π_old) the quadratic
 *       {@code A·ρ² − (c·N̂/w + β)·ρ + β·e^{δ₀} = 0}, root nearest 1;</li>
 *   <li>a clipped token's policy term is 0, so only its KL part tells ρ (k3); otherwise ρ is put
 *       just beyond the clip bound its advantage sign implies, which keeps it clipped.</li>
 * </ol>
 * A trajectory whose weighted tokens all have advantage 0 and contribution 0 took no update (the
 * trainer skips an all-zero batch), so it is recomputed as 0. Kimi's τ term is not inverted
 * (its S = Σ w ln ρ is 0 on-policy).
 *
 * @param ratios ρ_t per token (1 where unknown or weight 0)
 * @param normaliser N̂ of this trajectory in its batch
 * @param derived tokens whose ratio came from their contribution
 * @param assumed tokens given ρ = 1 (weight 0, or nothing to invert)
 * @param updated false when the stored trajectory took no update at all (every contribution 0, every advantage 0)
 * @param normaliserFromContributions whether N̂ came from the stored values (false: this trajectory alone, as computed afresh)
 */
public record RecoveredUpdate(float[] ratios, double normaliser, int derived, int assumed, boolean updated,
                              boolean normaliserFromContributions) {
    /** How far past a clip bound a clipped token's ratio is put when its contribution does not tell. */
    static final double PAST_BOUND = 1e-3;

    /** Recovers ρ and N of {@code stored} (its loss weights, advantages and contributions) under {@code loss}. */
    public static RecoveredUpdate of(TokenArrays stored, ContributionCalculator loss) {
        float[] w = stored.lossWeights();
        float[] a = stored.advantages();
        float[] c = stored.contributions();
        Inversion inv = new Inversion(stored, loss);
        List<Double> quotients = new ArrayList<>();
        // k1's slope is 1 whatever ρ: a token whose policy term is 0 (clipped, or A = 0) has c = −β·w/N exactly
        List<Double> exact = new ArrayList<>();
        boolean anySignal = false;
        for (int t = 0; t < w.length; t++) {
            if (w[t] == 0f) {
                continue;
            }
            anySignal |= a[t] != 0f || c[t] != 0f;
            if (inv.hasKl(t) && loss.kl() == KlEstimator.K1 && (stored.clipped()[t] || a[t] == 0f) && c[t] != 0f
                    && -loss.beta() * w[t] / c[t] > 0) {
                // N = −β·w/c
                exact.add(-loss.beta() * w[t] / c[t]);
            }
            // w·(A − β k'(ρ=1)) / c = N/ρ, read at the on-policy point
            double numerator = w[t] * (a[t] - inv.klSlope(t, 1.0));
            if (!stored.clipped()[t] && c[t] != 0f && numerator != 0 && Double.isFinite(numerator / c[t])
                    && numerator / c[t] > 0) {
                quotients.add(numerator / c[t]);
            }
        }
        float[] rho = ContributionCalculator.onPolicyRatios(w.length);
        if (!anySignal) {
            return new RecoveredUpdate(rho, loss.normalisers(List.of(w))[0], 0, w.length, false, false);
        }
        boolean fromStored = !quotients.isEmpty() || !exact.isEmpty();
        double n = !exact.isEmpty() ? median(exact)
                : fromStored ? feasible(median(quotients), stored, loss, inv) : loss.normalisers(List.of(w))[0];
        int derived = 0;
        for (int t = 0; t < w.length; t++) {
            if (w[t] == 0f) {
                continue;
            }
            double r = stored.clipped()[t] ? inv.clippedRatio(t, n) : inv.ratio(t, n);
            if (r > 0 && Double.isFinite(r)) {
                rho[t] = (float) r;
                derived++;
            }
        }
        return new RecoveredUpdate(rho, n, derived, w.length - derived, true, fromStored);
    }

    /**
     * The contributions of the trajectory under {@code weights} (its stored ones reproduce the stored
     * contributions), with the recovered ratios and the normaliser the batch would have had: for
     * token-mean and seq-mean-token-mean N scales with this trajectory's weight sum (the rest of the
     * batch assumed to change alike), for Dr. GRPO's constant N it stays. No update: all 0.
     */
    public Contributions recompute(TokenArrays tokens, float[] weights, ContributionCalculator loss) {
        if (!updated) {
            return new Contributions(new float[weights.length], new boolean[weights.length], normaliser);
        }
        double storedSum = sum(tokens.lossWeights());
        double n = switch (loss.aggregation()) {
            // N ∝ Σ_t w_t of the trajectory
            case TOKEN_MEAN, SEQ_MEAN_TOKEN_MEAN -> storedSum > 0 && normaliserFromContributions
                    ? normaliser * sum(weights) / storedSum : loss.normalisers(List.of(weights))[0];
            // N = B · L_max
            case SEQ_MEAN_TOKEN_SUM_NORM -> normaliser;
        };
        return loss.computeWithNormaliser(tokens, weights, ratios, n);
    }

    private static double sum(float[] xs) {
        double s = 0;
        for (float x : xs) {
            s += x;
        }
        return s;
    }

    /**
     * N̂ moved into the range where every unclipped token's recovered ratio stays unclipped and
     * positive. Per token, ρ(N) = (N·g + h)/A with g = c/w and h = β·k'(ρ = 1) (exact for k1 and
     * without KL): A &gt; 0 needs ρ ≤ 1 + ε_high, A &lt; 0 needs ρ ≥ 1 − ε_low and, with a dual clip
     * c, ρ ≤ c; each bound is linear in N. The true N lies in the range, so only an N̂ that
     * off-policy epochs moved off it changes.
     */
    private static double feasible(double n, TokenArrays t, ContributionCalculator loss, Inversion inv) {
        double[] range = {0, Double.POSITIVE_INFINITY};
        for (int i = 0; i < t.length(); i++) {
            float w = t.lossWeights()[i];
            double a = t.advantages()[i];
            float c = t.contributions()[i];
            if (w == 0f || a == 0 || c == 0f || t.clipped()[i] || !Double.isFinite(a * c)) {
                continue;
            }
            double g = c / (double) w;
            double h = inv.klSlope(i, 1.0);
            // ρ > 0: N·g + h has the sign of A
            bound(range, g, -h, a > 0);
            if (a > 0) {
                // ρ ≤ 1 + ε_high ⇔ N·g + h ≤ A·(1 + ε_high)
                bound(range, g, a * (1 + loss.epsHigh()) - h, false);
            } else {
                // ρ ≥ 1 − ε_low ⇔ N·g + h ≤ A·(1 − ε_low)   (A < 0)
                bound(range, g, a * (1 - loss.epsLow()) - h, false);
                if (loss.dualClip() > 0) {
                    // ρ ≤ c ⇔ N·g + h ≥ A·c
                    bound(range, g, a * loss.dualClip() - h, true);
                }
            }
        }
        return range[0] <= range[1] ? Math.max(range[0], Math.min(range[1], n)) : n;
    }

    /** Narrows [lo, hi] to the N with N·g ≥ rhs ({@code atLeast}) or N·g ≤ rhs. */
    private static void bound(double[] range, double g, double rhs, boolean atLeast) {
        if (g == 0) {
            return;
        }
        double x = rhs / g;
        // dividing by g < 0 flips the inequality
        if (atLeast == (g > 0)) {
            range[0] = Math.max(range[0], x);
        } else {
            range[1] = Math.min(range[1], x);
        }
    }

    private static double median(List<Double> xs) {
        Collections.sort(xs);
        return xs.get(xs.size() / 2);
    }

    /** The per-token equation of {@link RecoveredUpdate}, solved for ρ. */
    private static final class Inversion {
        private final TokenArrays t;
        private final ContributionCalculator loss;

        Inversion(TokenArrays tokens, ContributionCalculator loss) {
            this.t = tokens;
            this.loss = loss;
        }

        /** Whether token i has a KL term in the loss (KL in the loss, both log-probs known). */
        boolean hasKl(int i) {
            return loss.klInLoss() && loss.beta() != 0 && Float.isFinite(t.logprobs()[i])
                    && Float.isFinite(t.refLogprobs()[i]);
        }

        /** β·k'(log π_old + ln ρ, log π_ref), or 0 without a KL term. */
        double klSlope(int i, double rho) {
            return hasKl(i) ? loss.beta() * loss.kl().derivative(t.logprobs()[i] + Math.log(rho), t.refLogprobs()[i]) : 0;
        }

        /** ρ of an unclipped token: the root of c·N/w = A·ρ − β·k'(ρ). */
        double ratio(int i, double n) {
            double a = t.advantages()[i];
            double y = t.contributions()[i] * n / t.lossWeights()[i];
            if (!hasKl(i)) {
                return a == 0 ? 1 : y / a;
            }
            if (loss.kl() == KlEstimator.K1) {
                // k1: k' = 1 ⇒ ρ = (y + β)/A
                return a == 0 ? 1 : (y + loss.beta()) / a;
            }
            return k3Root(a, y, i);
        }

        /** k3: y = A·ρ − β + β·e^{δ₀}/ρ ⇒ A·ρ² − (y + β)·ρ + β·e^{δ₀} = 0, root nearest 1 (inside the ±20 clamp). */
        private double k3Root(double a, double y, int i) {
            double b = loss.beta();
            double e = Math.exp(t.refLogprobs()[i] - t.logprobs()[i]);
            if (a == 0) {
                return b * e / (y + b);
            }
            double disc = (y + b) * (y + b) - 4 * a * b * e;
            if (disc < 0) {
                return Double.NaN;
            }
            double r1 = ((y + b) + Math.sqrt(disc)) / (2 * a);
            double r2 = ((y + b) - Math.sqrt(disc)) / (2 * a);
            // a root must be positive, inside the ±20 clamp and leave the (stored unclipped) token unclipped
            boolean ok1 = r1 > 0 && Math.abs(Math.log(e) - Math.log(r1)) <= KlEstimator.DELTA_CLAMP && !clips(a, r1);
            boolean ok2 = r2 > 0 && Math.abs(Math.log(e) - Math.log(r2)) <= KlEstimator.DELTA_CLAMP && !clips(a, r2);
            if (ok1 && ok2) {
                return Math.abs(r1 - 1) <= Math.abs(r2 - 1) ? r1 : r2;
            }
            return ok1 ? r1 : ok2 ? r2 : y / a;
        }

        /** Whether the ratio clip (or dual clip) is active at ρ for advantage A. */
        boolean clips(double a, double rho) {
            return (a > 0 && rho > 1 + loss.epsHigh()) || (a < 0 && rho < 1 - loss.epsLow())
                    || (loss.dualClip() > 0 && a < 0 && rho > loss.dualClip());
        }

        /** ρ of a clipped token: from its KL part where k3 tells it, else just past the bound of its advantage's sign. */
        double clippedRatio(int i, double n) {
            double a = t.advantages()[i];
            // A > 0 is clipped above 1 + ε_high, A < 0 below 1 − ε_low
            double past = a > 0 ? 1 + loss.epsHigh() + PAST_BOUND : (1 - loss.epsLow()) * (1 - PAST_BOUND);
            if (hasKl(i) && loss.kl() == KlEstimator.K3) {
                // c·N/w = −β·(1 − e^{δ₀}/ρ) ⇒ ρ = β·e^{δ₀} / (β + c·N/w)
                double y = t.contributions()[i] * n / t.lossWeights()[i];
                double r = loss.beta() * Math.exp(t.refLogprobs()[i] - t.logprobs()[i]) / (loss.beta() + y);
                if (r > 0 && Double.isFinite(r) && clips(a, r)) {
                    return r;
                }
            }
            return past;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveredUpdate r && Arrays.equals(r.ratios, ratios) && r.normaliser == normaliser
                && r.derived == derived && r.assumed == assumed && r.updated == updated
                && r.normaliserFromContributions == normaliserFromContributions;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ratios) * 31 + Double.hashCode(normaliser);
    }

    @Override
    public String toString() {
        return "RecoveredUpdate[N̂ " + normaliser + ", " + derived + " ratios derived, " + assumed + " assumed 1"
                + (updated ? "" : ", no update") + "]";
    }
}
