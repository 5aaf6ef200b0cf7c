package dev.rwb.app;

import javafx.geometry.Rectangle2D;

import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * Where the main window opens: where the user last left it when that still lies on a screen,
 * else sized to the screen it opens on (at most the preferred size, never larger than the
 * screen's visual bounds, so a 1366×768 laptop shows the menu and tabs).
 *
 * @param x      left edge
 * @param y      top edge
 * @param width  width
 * @param height height
 */
public record WindowBounds(double x, double y, double width, double height) {
    /** The size the workbench is laid out for; smaller screens get less. */
    public static final double PREFERRED_WIDTH = 1500;
    public static final double PREFERRED_HEIGHT = 950;
    /** Below this the layout no longer works; a remembered size is never restored smaller. */
    static final double MIN_WIDTH = 800;
    static final double MIN_HEIGHT = 560;

    private static final String X = "window.x";
    private static final String Y = "window.y";
    private static final String W = "window.width";
    private static final String H = "window.height";

    /** The default bounds on a screen: the preferred size, shrunk to fit, centred. */
    public static WindowBounds fitting(Rectangle2D screen) {
        double w = Math.min(PREFERRED_WIDTH, screen.getWidth());
        double h = Math.min(PREFERRED_HEIGHT, screen.getHeight());
        return new WindowBounds(screen.getMinX() + (screen.getWidth() - w) / 2,
                screen.getMinY() + (screen.getHeight() - h) / 2, w, h);
    }

    /**
     * The bounds to open with: the remembered ones when their title bar area lies on one of the
     * screens (clamped to that screen), else {@link #fitting} on the primary screen.
     */
    public static WindowBounds choose(Optional<WindowBounds> remembered, List<Rectangle2D> screens, Rectangle2D primary) {
        if (remembered.isPresent()) {
            WindowBounds r = remembered.get();
            for (Rectangle2D s : screens) {
                // the top-left corner region (where the title bar and menu are) must be on this screen
                if (s.contains(r.x + 40, r.y + 10)) {
                    double w = Math.max(Math.min(r.width, s.getWidth()), Math.min(MIN_WIDTH, s.getWidth()));
                    double h = Math.max(Math.min(r.height, s.getHeight()), Math.min(MIN_HEIGHT, s.getHeight()));
                    double x = Math.min(Math.max(r.x, s.getMinX()), s.getMaxX() - w);
                    double y = Math.min(Math.max(r.y, s.getMinY()), s.getMaxY() - h);
                    return new WindowBounds(x, y, w, h);
                }
            }
        }
        return fitting(primary);
    }

    /** The bounds saved by {@link #save}, if all four are there. */
    public static Optional<WindowBounds> load(Preferences prefs) {
        double x = prefs.getDouble(X, Double.NaN);
        double y = prefs.getDouble(Y, Double.NaN);
        double w = prefs.getDouble(W, Double.NaN);
        double h = prefs.getDouble(H, Double.NaN);
        if (Double.isNaN(x) || Double.isNaN(y) || Double.isNaN(w) || Double.isNaN(h) || w <= 0 || h <= 0) {
            return Optional.empty();
        }
        return Optional.of(new WindowBounds(x, y, w, h));
    }

    /** Remembers these bounds (java.util.prefs: ~/.java/.userPrefs on Linux). */
    public void save(Preferences prefs) {
        prefs.putDouble(X, x);
        prefs.putDouble(Y, y);
        prefs.putDouble(W, width);
        prefs.putDouble(H, height);
    }
}
