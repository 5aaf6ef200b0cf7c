package dev.rwb.engine.interop.export;

import dev.rwb.engine.palette.OkabeIto;

import java.util.List;
import java.util.Locale;

/**
 * A small self-contained SVG line chart (no scripts, no external resources): the series as a
 * polyline with a dot per point whose tooltip gives step and value, axis extremes labelled.
 */
public final class SvgLineChart {
    private static final int W = 380;
    private static final int H = 200;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 26;
    private static final int BOTTOM = 30;

    /** One point: x (the step) and y. */
    public record Point(double x, double y) {
    }

    private SvgLineChart() {
    }

    /** The chart as an {@code <svg>} element; non-finite points are skipped. */
    public static String render(String title, List<Point> points) {
        List<Point> pts = points.stream().filter(p -> Double.isFinite(p.x()) && Double.isFinite(p.y())).toList();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg class=\"chart\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", W, H, W, H, Html.escape(title)));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>",
                LEFT, Html.escape(title)));
        if (pts.isEmpty()) {
            return sb.append("<text x=\"60\" y=\"100\" font-size=\"12\">no data</text></svg>").toString();
        }
        double minX = pts.stream().mapToDouble(Point::x).min().orElse(0);
        double maxX = pts.stream().mapToDouble(Point::x).max().orElse(1);
        double minY = pts.stream().mapToDouble(Point::y).min().orElse(0);
        double maxY = pts.stream().mapToDouble(Point::y).max().orElse(1);
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#bbb\"/>", LEFT, TOP, plotW, plotH));
        label(sb, LEFT - 4, TOP + 10, "end", Html.num(maxY));
        label(sb, LEFT - 4, TOP + plotH, "end", Html.num(minY));
        label(sb, LEFT, H - 10, "start", "step " + step(minX));
        label(sb, W - RIGHT, H - 10, "end", "step " + step(maxX));
        StringBuilder line = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (Point p : pts) {
            double x = LEFT + (p.x() - minX) / (maxX - minX) * plotW;
            double y = TOP + plotH - (p.y() - minY) / (maxY - minY) * plotH;
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"" + OkabeIto.BLUE + "\">"
                    + "<title>step %s: %s</title></circle>", x, y, step(p.x()), Html.num(p.y())));
        }
        sb.append("<polyline fill=\"none\" stroke=\"" + OkabeIto.BLUE + "\" stroke-width=\"1.5\" points=\"")
                .append(line.toString().trim()).append("\"/>").append(dots);
        return sb.append("</svg>").toString();
    }

    /** Steps are integers: no decimals for them. */
    private static String step(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : Html.num(x);
    }

    private static void label(StringBuilder sb, int x, int y, String anchor, String text) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"%s\" "
                + "fill=\"#444\">%s</text>", x, y, anchor, Html.escape(text)));
    }
}
