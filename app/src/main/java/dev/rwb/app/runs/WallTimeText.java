package dev.rwb.app.runs;

import dev.rwb.engine.config.WallTimes;

/** How the Train tab says a preset's measured wall time ({@link WallTimes}): "about 45 s", "about 14 min". */
public final class WallTimeText {
    private WallTimeText() {
    }

    /** "about 45 s", "about 14 min", "about 1 h 20 min". */
    public static String of(WallTimes.WallTime w) {
        long seconds = w.seconds();
        if (seconds < 90) {
            return "about " + seconds + " s";
        }
        long minutes = Math.round(seconds / 60.0);
        return minutes < 60 ? "about " + minutes + " min" : "about " + minutes / 60 + " h " + minutes % 60 + " min";
    }
}
