package dev.rwb.app.tokens;

import javafx.scene.paint.Color;

/**
 * Colour maps of DESIGN §7: a diverging map for signed values and perceptually uniform,
 * colour-blind safe sequential maps for unsigned ones. Colours are interpolated linearly
 * between the published control points.
 */
public enum Palette {
    /** ColorBrewer RdBu, red for negative, white exactly at zero, blue for positive. */
    RD_BU("#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#ffffff",
            "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"),
    /** matplotlib viridis (dark purple to yellow). */
    VIRIDIS("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89",
            "#35b779", "#6ece58", "#b5de2b", "#fde725"),
    /** cividis (dark blue to yellow), readable for every common colour-vision deficiency. */
    CIVIDIS("#00224e", "#123570", "#3b496c", "#575d6d", "#707173", "#8a8779",
            "#a69d75", "#c4b56c", "#e4cf5b", "#fee838");

    private final Color[] stops;

    Palette(String... hex) {
        stops = new Color[hex.length];
        for (int i = 0; i < hex.length; i++) {
            stops[i] = Color.web(hex[i]);
        }
    }

    /** The colour at position {@code t} in [0, 1] (clamped). */
    public Color at(double t) {
        double clamped = Math.max(0, Math.min(1, t));
        double pos = clamped * (stops.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, stops.length - 1);
        return stops[lo].interpolate(stops[hi], pos - lo);
    }

    /** True when black text would be hard to read on this colour (WCAG relative luminance). */
    public static boolean isDark(Color c) {
        double luminance = 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
        // 0.18 is the luminance where white and black text have about equal contrast.
        return luminance < 0.18;
    }

    private static double linear(double channel) {
        return channel <= 0.03928 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }

    /** CSS hex form, e.g. {@code #1f9e89}. */
    public static String hex(Color c) {
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
