package dev.rwb.engine.palette;

import java.util.Locale;

/**
 * The colour maps of DESIGN §7 as hex stops, the one table every renderer reads (the app's token
 * view, its legends and bars, and the HTML export): a diverging map for signed values and
 * perceptually uniform, colour-blind safe sequential maps for unsigned ones. Colours between the
 * published stops are interpolated linearly in sRGB.
 */
public enum Palette {
    /**
     * ColorBrewer RdBu (11 classes), red for negative, blue for positive; the centre class
     * (#f7f7f7 in ColorBrewer) is pure white here, so exactly zero reads as "nothing".
     */
    RD_BU("RdBu", "#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#ffffff",
            "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"),
    /** matplotlib viridis at 10 evenly spaced stops (dark purple to yellow). */
    VIRIDIS("viridis", "#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89",
            "#35b779", "#6ece58", "#b5de2b", "#fde725"),
    /** cividis at 10 evenly spaced stops (dark blue to yellow), readable under every common colour-vision deficiency. */
    CIVIDIS("cividis", "#00224e", "#123570", "#3b496c", "#575d6d", "#707173", "#8a8779",
            "#a69d75", "#c4b56c", "#e4cf5b", "#fee838");

    private final String displayName;
    private final int[] stops;

    Palette(String displayName, String... hex) {
        this.displayName = displayName;
        stops = new int[hex.length];
        for (int i = 0; i < hex.length; i++) {
            stops[i] = parse(hex[i]);
        }
    }

    /** The name the legends and the README use, e.g. {@code viridis}. */
    public String displayName() {
        return displayName;
    }

    /** The published stops as hex strings, lowest value first. */
    public String[] stops() {
        String[] out = new String[stops.length];
        for (int i = 0; i < stops.length; i++) {
            out[i] = format(stops[i]);
        }
        return out;
    }

    /** The colour at position {@code t} in [0, 1] (clamped), as {@code #rrggbb}. */
    public String hexAt(double t) {
        double clamped = Math.max(0, Math.min(1, t));
        double pos = clamped * (stops.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, stops.length - 1);
        return format(mix(stops[lo], stops[hi], pos - lo));
    }

    /** {@code a} moved a fraction {@code t} of the way to {@code b}, per sRGB channel. */
    public static String mix(String a, String b, double t) {
        return format(mix(parse(a), parse(b), t));
    }

    /**
     * True when black text would be hard to read on this colour: WCAG relative luminance below
     * 0.18, where white and black text have about equal contrast.
     */
    public static boolean isDark(String hex) {
        int c = parse(hex);
        double luminance = 0.2126 * linear((c >> 16 & 255) / 255.0) + 0.7152 * linear((c >> 8 & 255) / 255.0)
                + 0.0722 * linear((c & 255) / 255.0);
        return luminance < 0.18;
    }

    private static double linear(double channel) {
        // sRGB → linear light (WCAG 2 definition)
        return channel <= 0.03928 ? channel / 12.92 : Math.pow((channel + 0.055) / 1.055, 2.4);
    }

    private static int mix(int a, int b, double t) {
        int r = (int) Math.round((a >> 16 & 255) * (1 - t) + (b >> 16 & 255) * t);
        int g = (int) Math.round((a >> 8 & 255) * (1 - t) + (b >> 8 & 255) * t);
        int bl = (int) Math.round((a & 255) * (1 - t) + (b & 255) * t);
        return r << 16 | g << 8 | bl;
    }

    static int parse(String hex) {
        if (hex.length() != 7 || hex.charAt(0) != '#') {
            throw new IllegalArgumentException("not a #rrggbb colour: '" + hex + "'");
        }
        return Integer.parseInt(hex.substring(1), 16);
    }

    private static String format(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb);
    }
}
