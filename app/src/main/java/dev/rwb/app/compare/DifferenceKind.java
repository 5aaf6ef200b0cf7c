package dev.rwb.app.compare;

/**
 * Why a token's contribution differs between the stored weights and another mask policy, so the
 * what-if difference never paints a token as "pushed down" when it is still pushed up, only by a
 * smaller share of a larger normaliser. With the same advantage and ratio on both sides,
 * c = w·A·ρ / N changes only through w (the mask) and N (the aggregation normaliser).
 */
public enum DifferenceKind {
    /** |after − before| at or below the floor: the same contribution. */
    UNCHANGED,
    /** The weight changed (masked, unmasked or re-weighted): the difference is the mask's effect. */
    REWEIGHTED,
    /** Same weight, but the push changed direction (or started or stopped). */
    SIGN_CHANGED,
    /** Same weight and direction; only |c| changed, because the normaliser N did. */
    RENORMALISED;

    /**
     * Classifies one token.
     *
     * @param floor differences and values at or below it count as 0
     */
    public static DifferenceKind of(float weightBefore, float weightAfter, float before, float after, double floor) {
        if (Math.abs(after - before) <= floor) {
            return UNCHANGED;
        }
        if (weightBefore != weightAfter) {
            return REWEIGHTED;
        }
        return sign(before, floor) != sign(after, floor) ? SIGN_CHANGED : RENORMALISED;
    }

    private static int sign(float v, double floor) {
        return Math.abs(v) <= floor ? 0 : v > 0 ? 1 : -1;
    }

    /** True when the difference is drawn with the diverging colour of after − before. */
    public boolean heatColoured() {
        return this == REWEIGHTED || this == SIGN_CHANGED;
    }
}
