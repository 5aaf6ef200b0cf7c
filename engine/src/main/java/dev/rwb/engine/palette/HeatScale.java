package dev.rwb.engine.palette;

import dev.rwb.engine.trajectory.TokenArrays;

import java.util.Locale;

/**
 * Maps a value to one of a fixed number of colour bins, the same bins in the app and in the HTML
 * export (DESIGN §7).
 *
 * <p>Signed modes use a symmetric range [−m, m], white exactly at zero, m taken over the
 * {@link ScaleScope} asked for (one scale per run by default). Every signed scale has a floor:
 * |v| ≤ {@link #FLOOR} × the run's m is drawn white, so round-off (a GRPO group with equal
 * rewards gives ±1e-14 instead of 0) is never stretched into the darkest colour; when even m is
 * below the floor there is no signal and everything is white. A value above the floor is never
 * rounded into the white bin. Unsigned modes span the trajectory's observed [min, max] (the loss
 * weight always [0, 1]); a span below the floor is drawn as one constant colour. Masked tokens
 * (weight 0) are never heat-coloured, so they are left out of every fit.
 */
public final class HeatScale {
    /** Relative floor: values below this fraction of the run's scale are white (signed) or equal (unsigned). */
    public static final double FLOOR = 1e-9;
    /** Bins on each side of zero for signed scales (plus one white bin at zero). */
    public static final int SIGNED_HALF_BINS = 10;
    /** Bins of an unsigned scale. */
    public static final int UNSIGNED_BINS = 16;

    private final ColorMode mode;
    private final double min;
    private final double max;
    private final double floor;
    private final ScaleScope scope;
    private final String scaleText;

    private HeatScale(ColorMode mode, double min, double max, double floor, ScaleScope scope, String scaleText) {
        this.mode = mode;
        this.min = min;
        this.max = max;
        this.floor = floor;
        this.scope = scope;
        this.scaleText = scaleText;
    }

    /** Fits the scale to a trajectory alone (no run or group known). */
    public static HeatScale fit(ColorMode mode, TokenArrays tokens) {
        return fit(mode, tokens, ScaleScope.TRAJECTORY, ScaleContext.UNKNOWN);
    }

    /** Fits the scale of a mode for one trajectory, signed modes over {@code scope}. */
    public static HeatScale fit(ColorMode mode, TokenArrays tokens, ScaleScope scope, ScaleContext context) {
        if (mode == ColorMode.ROLE) {
            return new HeatScale(mode, 0, 0, 0, null, "");
        }
        if (mode == ColorMode.LOSS_MASK) {
            return new HeatScale(mode, 0, 1, 0, null, "fixed scale 0–1");
        }
        float[] values = mode.values(tokens);
        float[] weights = tokens.lossWeights();
        if (mode.signed()) {
            double own = ScaleContext.maxAbs(values, weights);
            return signed(mode, own, scope, context);
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < values.length; i++) {
            if (weights[i] > 0f && Float.isFinite(values[i])) {
                lo = Math.min(lo, values[i]);
                hi = Math.max(hi, values[i]);
            }
        }
        if (lo > hi) {
            return new HeatScale(mode, 0, 0, 0, null, "no values in this trajectory");
        }
        double floor = FLOOR * Math.max(Math.abs(lo), Math.abs(hi));
        if (hi - lo <= floor) {
            return new HeatScale(mode, lo, lo, floor, null, "all values equal in this trajectory");
        }
        return new HeatScale(mode, lo, hi, floor, null, "scale: this trajectory's min–max");
    }

    /**
     * A signed scale for values whose own largest |v| is {@code own} (a trajectory, a bar column),
     * stretched over {@code scope} of the context; falls back to {@code own} where the context
     * does not know the wider range, and says so.
     */
    public static HeatScale signed(ColorMode mode, double own, ScaleScope scope, ScaleContext context) {
        double run = context.runMaxAbs(mode);
        double group = context.groupMaxAbs(mode);
        String what = "|" + mode.label().toLowerCase(Locale.ROOT) + "|";
        double m;
        ScaleScope used = scope;
        String source;
        if (scope == ScaleScope.RUN && Double.isFinite(run)) {
            m = Math.max(run, own);
            source = "the largest " + what + " in run " + context.run();
        } else if (scope == ScaleScope.GROUP && Double.isFinite(group)) {
            m = Math.max(group, own);
            source = "the largest " + what + " in this group";
        } else {
            m = own;
            source = "the largest " + what + " in this trajectory"
                    + (scope == ScaleScope.TRAJECTORY ? "" : " (the " + (scope == ScaleScope.RUN ? "run's" : "group's")
                    + " range is not known)");
            used = ScaleScope.TRAJECTORY;
        }
        // The floor is relative to the run's scale whenever it is known, whatever the scope, so a
        // trajectory of pure round-off stays white even on its own scale.
        double reference = Double.isFinite(run) ? Math.max(run, own) : m;
        double floor = FLOOR * reference;
        if (m <= floor) {
            return new HeatScale(mode, 0, 0, floor, used, "scale: " + used.label() + ", no value above the floor "
                    + "(" + LegendText.number(FLOOR) + " × " + LegendText.number(reference) + "): all white");
        }
        return new HeatScale(mode, -m, m, floor, used, "scale: " + used.label() + ", ±" + LegendText.number(m)
                + " = " + source + "; white = |v| ≤ " + LegendText.number(FLOOR) + " × "
                + LegendText.number(reference) + (Double.isFinite(run) ? " (the run's scale)" : ""));
    }

    public ColorMode mode() {
        return mode;
    }

    /** Lower end of the legend (−m for signed modes). */
    public double min() {
        return min;
    }

    /** Upper end of the legend. */
    public double max() {
        return max;
    }

    /** Values with |v| at or below this are white (signed) or the span is collapsed (unsigned). */
    public double floor() {
        return floor;
    }

    /** The scope the signed scale was stretched over; null for unsigned modes and the role mode. */
    public ScaleScope scope() {
        return scope;
    }

    /** True for a signed scale with nothing above the floor: every token white. */
    public boolean noSignal() {
        return mode.signed() && max == 0;
    }

    /** One line for the legend: which scale is in use, its range and its floor. */
    public String scaleText() {
        return scaleText;
    }

    /** Number of colour bins. */
    public int binCount() {
        return mode.signed() ? 2 * SIGNED_HALF_BINS + 1 : UNSIGNED_BINS;
    }

    /** The bin of a finite value. */
    public int bin(double v) {
        if (mode.signed()) {
            if (max == 0 || Math.abs(v) <= floor) {
                return SIGNED_HALF_BINS;
            }
            // |v| / m in (0, 1] → one of HALF bins on v's side; never the white bin above the floor.
            long k = Math.max(1, Math.min(SIGNED_HALF_BINS, Math.round(Math.abs(v) / max * SIGNED_HALF_BINS)));
            return (int) (SIGNED_HALF_BINS + Math.signum(v) * k);
        }
        double span = max - min;
        if (span == 0) {
            return UNSIGNED_BINS / 2;
        }
        int k = (int) Math.floor((v - min) / span * UNSIGNED_BINS);
        return Math.max(0, Math.min(UNSIGNED_BINS - 1, k));
    }

    /** The colour of a bin of this scale. */
    public String binHex(int bin) {
        return binHex(mode.palette(), bin, binCount());
    }

    /** The style class of a bin, e.g. {@code heat-rd-bu-3}. */
    public String binClass(int bin) {
        return binClass(mode.palette(), bin);
    }

    /** The style class of a palette's bin, shared by the app's stylesheet and the HTML export. */
    public static String binClass(Palette palette, int bin) {
        return "heat-" + palette.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + bin;
    }

    /** The colour of bin {@code bin} of a palette drawn with {@code bins} bins. */
    public static String binHex(Palette palette, int bin, int bins) {
        // Signed: bins evenly from −m (0) to +m (1), the middle one exactly white; unsigned: bin centres.
        double t = palette == Palette.RD_BU ? bin / (double) (bins - 1) : (bin + 0.5) / bins;
        return palette.hexAt(t);
    }

    /** Bins of a palette as drawn: signed palettes with the white bin, unsigned ones {@link #UNSIGNED_BINS}. */
    public static int binCount(Palette palette) {
        return palette == Palette.RD_BU ? 2 * SIGNED_HALF_BINS + 1 : UNSIGNED_BINS;
    }
}
