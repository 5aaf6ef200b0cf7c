package dev.rwb.engine.report;

import dev.rwb.engine.palette.OkabeIto;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain line chart drawn with Java2D and written as PNG: one panel per metric, one line per
 * series (x = step), a shared legend. Headless-safe (no window, no toolkit).
 */
public final class LineChart {
    /** One named line: x and y values in step order. */
    public record Series(String name, double[] x, double[] y) {
    }

    /** One panel: a title and its lines. */
    public record Panel(String title, List<Series> series) {
    }

    /** Okabe–Ito line colours from the engine's colour table (DESIGN §7: never red/green alone). */
    private static final Color[] COLOURS = OkabeIto.series().stream().map(Color::decode).toArray(Color[]::new);
    private static final int PANEL_W = 420;
    private static final int PANEL_H = 280;
    private static final int MARGIN = 46;

    private LineChart() {
    }

    /** Draws the panels side by side (two per row) and writes {@code out} as PNG. */
    public static void write(List<Panel> panels, Path out) throws IOException {
        int cols = Math.min(2, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * PANEL_W, rows * PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            draw(g, panels.get(i), (i % cols) * PANEL_W, (i / cols) * PANEL_H);
        }
        g.dispose();
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        ImageIO.write(img, "png", out.toFile());
    }

    private static void draw(Graphics2D g, Panel panel, int ox, int oy) {
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (Series s : panel.series()) {
            for (int i = 0; i < s.x().length; i++) {
                minX = Math.min(minX, s.x()[i]);
                maxX = Math.max(maxX, s.x()[i]);
                minY = Math.min(minY, s.y()[i]);
                maxY = Math.max(maxY, s.y()[i]);
            }
        }
        if (!Double.isFinite(minX)) {
            minX = 0;
            maxX = 1;
            minY = 0;
            maxY = 1;
        }
        // always show 0 when the values are non-negative, so small changes are not blown up
        minY = minY >= 0 ? 0 : minY;
        maxY = maxY == minY ? minY + 1 : maxY;
        maxX = maxX == minX ? minX + 1 : maxX;
        int left = ox + MARGIN;
        int top = oy + 28;
        int w = PANEL_W - MARGIN - 14;
        int h = PANEL_H - 28 - MARGIN - 14 * ((panel.series().size() + 1) / 2);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(panel.title(), left, oy + 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.setColor(new Color(225, 225, 225));
        for (int k = 0; k <= 4; k++) {
            int y = top + h - k * h / 4;
            g.drawLine(left, y, left + w, y);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left, top, w, h);
        for (int k = 0; k <= 4; k++) {
            double v = minY + k * (maxY - minY) / 4;
            g.drawString(String.format("%.3g", v), ox + 4, top + h - k * h / 4 + 4);
        }
        g.drawString(String.format("step %.0f", minX), left, top + h + 12);
        String end = String.format("%.0f", maxX);
        g.drawString(end, left + w - g.getFontMetrics().stringWidth(end), top + h + 12);
        g.setStroke(new BasicStroke(1.8f));
        List<Series> series = new ArrayList<>(panel.series());
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            g.setColor(COLOURS[s % COLOURS.length]);
            for (int i = 0; i < line.x().length; i++) {
                int px = left + (int) Math.round((line.x()[i] - minX) / (maxX - minX) * w);
                int py = top + h - (int) Math.round((line.y()[i] - minY) / (maxY - minY) * h);
                g.fillOval(px - 2, py - 2, 5, 5);
                if (i > 0) {
                    int qx = left + (int) Math.round((line.x()[i - 1] - minX) / (maxX - minX) * w);
                    int qy = top + h - (int) Math.round((line.y()[i - 1] - minY) / (maxY - minY) * h);
                    g.drawLine(qx, qy, px, py);
                }
            }
            int lx = left + (s % 2) * (w / 2);
            int ly = top + h + 26 + (s / 2) * 14;
            g.fillRect(lx, ly - 8, 12, 4);
            g.setColor(Color.BLACK);
            g.drawString(line.name(), lx + 16, ly - 3);
        }
    }
}
