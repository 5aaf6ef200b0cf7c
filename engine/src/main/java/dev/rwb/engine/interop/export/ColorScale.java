package dev.rwb.engine.interop.export;

import java.util.Locale;

/**
 * The colour scales of DESIGN §7 as CSS colours: RdBu (diverging, white at zero, symmetric, red
 * for negative, blue for positive) for signed values, viridis for unsigned ones. Anchors are the
 * published palettes' stops, linearly interpolated.
 */
public final class ColorScale {
    /** ColorBrewer RdBu, 11 classes, from most negative (dark red) to most positive (dark blue). */
    private static final int[] RD_BU = {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0,
            0x92c5de, 0x4393c3, 0x2166ac, 0x053061};
    /** Viridis at 9 evenly spaced stops, dark purple (0) to yellow (1). */
    private static final int[] VIRIDIS = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
            0xaddc30, 0xfde725};

    private ColorScale() {
    }

    /** A signed value on a symmetric scale [-maxAbs, maxAbs]; white at zero. */
    public static String diverging(double value, double maxAbs) {
        double t = maxAbs <= 0 ? 0.5 : 0.5 + 0.5 * Math.max(-1, Math.min(1, value / maxAbs));
        return interpolate(RD_BU, t);
    }

    /** An unsigned value in [min, max]. */
    public static String sequential(double value, double min, double max) {
        double t = max <= min ? 0.5 : (value - min) / (max - min);
        return interpolate(VIRIDIS, Math.max(0, Math.min(1, t)));
    }

    /** True when text on this background should be white for contrast (relative luminance below ~0.4). */
    public static boolean isDark(String cssHex) {
        int c = Integer.parseInt(cssHex.substring(1), 16);
        double lum = (0.2126 * (c >> 16 & 255) + 0.7152 * (c >> 8 & 255) + 0.0722 * (c & 255)) / 255.0;
        return lum < 0.4;
    }

    private static String interpolate(int[] stops, double t) {
        double pos = t * (stops.length - 1);
        int i = (int) Math.min(stops.length - 2, Math.floor(pos));
        double f = pos - i;
        int a = stops[i];
        int b = stops[i + 1];
        int r = (int) Math.round((a >> 16 & 255) * (1 - f) + (b >> 16 & 255) * f);
        int g = (int) Math.round((a >> 8 & 255) * (1 - f) + (b >> 8 & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
    }
}
