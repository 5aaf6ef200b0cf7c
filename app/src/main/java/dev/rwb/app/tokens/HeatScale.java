package dev.rwb.app.tokens;

import dev.rwb.engine.trajectory.TokenArrays;
import javafx.scene.paint.Color;

/**
 * Maps a value to one of a fixed number of colour bins for one trajectory and colour mode.
 * Signed modes use a symmetric range [-m, m] with white at zero; unsigned modes span the
 * observed [min, max] (the loss weight always spans [0, 1]). Masked tokens (weight 0) are
 * excluded from the fit, since they are never heat-coloured.
 */
public final class HeatScale {
    /** Bins on each side of zero for signed scales (plus one white bin at zero). */
    public static final int SIGNED_HALF_BINS = 10;
    /** Bins of an unsigned scale. */
    public static final int UNSIGNED_BINS = 16;

    private final ColorMode mode;
    private final double min;
    private final double max;

    private HeatScale(ColorMode mode, double min, double max) {
        this.mode = mode;
        this.min = min;
        this.max = max;
    }

    /** Fits the scale to the unmasked, finite values of a trajectory. */
    public static HeatScale fit(ColorMode mode, TokenArrays tokens) {
        if (mode == ColorMode.ROLE) {
            return new HeatScale(mode, 0, 0);
        }
        if (mode == ColorMode.LOSS_MASK) {
            return new HeatScale(mode, 0, 1);
        }
        float[] values = mode.values(tokens);
        float[] weights = tokens.lossWeights();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double maxAbs = 0;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (weights[i] == 0f || !Float.isFinite(v)) {
                continue;
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        if (mode.signed()) {
            return new HeatScale(mode, -maxAbs, maxAbs);
        }
        if (lo > hi) {
            return new HeatScale(mode, 0, 0);
        }
        return new HeatScale(mode, lo, hi);
    }

    public ColorMode mode() {
        return mode;
    }

    /** Lower end of the legend (−max|v| for signed modes). */
    public double min() {
        return min;
    }

    /** Upper end of the legend. */
    public double max() {
        return max;
    }

    /** Number of colour bins. */
    public int binCount() {
        return mode.signed() ? 2 * SIGNED_HALF_BINS + 1 : UNSIGNED_BINS;
    }

    /** The bin of a finite value. */
    public int bin(double v) {
        double span = max - min;
        if (mode.signed()) {
            if (span == 0) {
                return SIGNED_HALF_BINS;
            }
            // v / m in [-1, 1] → nearest of 2·HALF+1 evenly spaced bins; bin HALF is exactly white.
            long k = Math.round(v / max * SIGNED_HALF_BINS) + SIGNED_HALF_BINS;
            return (int) Math.max(0, Math.min(2L * SIGNED_HALF_BINS, k));
        }
        if (span == 0) {
            return UNSIGNED_BINS - 1;
        }
        int k = (int) Math.floor((v - min) / span * UNSIGNED_BINS);
        return Math.max(0, Math.min(UNSIGNED_BINS - 1, k));
    }

    /** The style class of a bin, e.g. {@code heat-rd-bu-3}. */
    public String binClass(int bin) {
        return binClass(mode.palette(), bin);
    }

    static String binClass(Palette palette, int bin) {
        return "heat-" + palette.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + bin;
    }

    /** The colour drawn for bin {@code bin} of a palette with {@code bins} bins. */
    static Color binColor(Palette palette, int bin, int bins) {
        double t = palette == Palette.RD_BU ? bin / (double) (bins - 1) : (bin + 0.5) / bins;
        return palette.at(t);
    }
}
