package dev.rwb.app.compare;

import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Importance ratios are not stored; they are recovered from the stored contributions. Since
 * c_t = w_t·A_t·ρ_t/N, we have w_t·A_t/c_t = N/ρ_t; taking N̂ as the median of that quotient over
 * the trajectory (i.e. assuming the median token was on-policy, ρ = 1) gives ρ_t = c_t·N̂/(w_t·A_t).
 * Tokens where w_t·A_t = 0, c_t = 0, the clip was active or the result is not a positive number get
 * ρ = 1. The KL term, if the run had one in the loss, is ignored.
 *
 * @param ratios ρ_t per token
 * @param derived tokens whose ratio came from their contribution
 * @param assumed tokens given ρ = 1
 * @param normaliser N̂, or NaN when no token allowed an estimate
 */
public record RatioEstimate(float[] ratios, int derived, int assumed, double normaliser) {

    public static RatioEstimate of(TokenArrays t) {
        float[] w = t.lossWeights();
        float[] a = t.advantages();
        float[] c = t.contributions();
        boolean[] clipped = t.clipped();
        List<Double> quotients = new ArrayList<>();
        for (int i = 0; i < t.length(); i++) {
            if (usable(w[i], a[i], c[i], clipped[i])) {
                // w·A/c = N/ρ
                quotients.add((double) w[i] * a[i] / c[i]);
            }
        }
        float[] rho = new float[t.length()];
        java.util.Arrays.fill(rho, 1f);
        if (quotients.isEmpty()) {
            return new RatioEstimate(rho, 0, t.length(), Double.NaN);
        }
        Collections.sort(quotients);
        double n = quotients.get(quotients.size() / 2);
        int derived = 0;
        for (int i = 0; i < t.length(); i++) {
            if (usable(w[i], a[i], c[i], clipped[i])) {
                // ρ_t = c_t·N̂/(w_t·A_t)
                double r = c[i] * n / ((double) w[i] * a[i]);
                if (r > 0 && Double.isFinite(r)) {
                    rho[i] = (float) r;
                    derived++;
                }
            }
        }
        return new RatioEstimate(rho, derived, t.length() - derived, n);
    }

    private static boolean usable(float w, float a, float c, boolean clipped) {
        return !clipped && w != 0f && a != 0f && c != 0f && Float.isFinite(w * a) && Float.isFinite(c);
    }
}
