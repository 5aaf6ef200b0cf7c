package dev.rwb.app.compare;

import dev.rwb.engine.palette.OkabeIto;
import javafx.scene.paint.Color;

import java.util.Locale;
import java.util.Map;

/**
 * The eval curve's colours: one Okabe–Ito hue per metric family, whatever its k (pass@k blue, pass^k
 * vermillion, maj@k bluish green, mean@k orange), and the same hue halfway to white for its 95%
 * interval, so a metric and its interval read as one and four metrics as four, not twelve.
 */
final class EvalCurveColours {
    private static final Map<String, String> FAMILIES = Map.of(
            "pass@", OkabeIto.BLUE,
            "pass^", OkabeIto.VERMILLION,
            "maj@", OkabeIto.BLUISH_GREEN,
            "mean@", OkabeIto.ORANGE);

    private EvalCurveColours() {
    }

    /** The hue of a metric by its family ("pass@8" → pass@); black for a metric of no known family. */
    static String of(String metric) {
        String family = metric.replaceAll("\\d+$", "");
        return FAMILIES.getOrDefault(family, OkabeIto.BLACK);
    }

    /** The metric's hue mixed half with white, for the bounds of its interval. */
    static String interval(String metric) {
        Color c = Color.web(of(metric)).interpolate(Color.WHITE, 0.5);
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }
}
