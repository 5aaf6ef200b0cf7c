package dev.rwb.app;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowBoundsTest {
    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1366, 768 - 32); // minus a task bar
    private static final Rectangle2D WIDE = new Rectangle2D(0, 0, 2560, 1440);

    @Test
    void aSmallScreenGetsAWindowThatFitsIt() {
        WindowBounds b = WindowBounds.choose(Optional.empty(), List.of(LAPTOP), LAPTOP);
        assertTrue(b.x() >= 0 && b.y() >= 0 && b.x() + b.width() <= 1366 && b.y() + b.height() <= 736, b.toString());
        assertEquals(1366, b.width());
    }

    @Test
    void aLargeScreenGetsThePreferredSizeCentred() {
        WindowBounds b = WindowBounds.choose(Optional.empty(), List.of(WIDE), WIDE);
        assertEquals(new WindowBounds((2560 - 1500) / 2.0, (1440 - 950) / 2.0, 1500, 950), b);
    }

    @Test
    void rememberedBoundsComeBackWhileTheyAreOnAScreen() {
        WindowBounds left = new WindowBounds(100, 50, 1200, 800);
        assertEquals(left, WindowBounds.choose(Optional.of(left), List.of(WIDE), WIDE));
        // remembered on a big monitor, opened on the laptop: clamped into it
        WindowBounds clamped = WindowBounds.choose(Optional.of(new WindowBounds(900, 300, 1400, 900)), List.of(LAPTOP), LAPTOP);
        assertTrue(clamped.x() + clamped.width() <= 1366 && clamped.y() + clamped.height() <= 736, clamped.toString());
        // remembered on a monitor that is gone: the default on the primary screen
        assertEquals(WindowBounds.fitting(LAPTOP),
                WindowBounds.choose(Optional.of(new WindowBounds(3000, 100, 1200, 800)), List.of(LAPTOP), LAPTOP));
    }

    @Test
    void boundsRoundTripThroughPreferences() throws Exception {
        Preferences prefs = Preferences.userRoot().node("dev/rwb/app/test-" + System.nanoTime());
        try {
            assertEquals(Optional.empty(), WindowBounds.load(prefs));
            WindowBounds b = new WindowBounds(10, 20, 1000, 700);
            b.save(prefs);
            assertEquals(Optional.of(b), WindowBounds.load(prefs));
        } finally {
            prefs.removeNode();
        }
    }
}
