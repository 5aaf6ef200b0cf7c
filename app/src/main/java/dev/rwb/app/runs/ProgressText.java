package dev.rwb.app.runs;

import java.util.Locale;

/**
 * The progress line of a run, by phase: "warm start 300/2000 · ETA 6 min" while the supervised warm
 * start runs (with "phase 1/2" when it is a chain), then "RL step 3/25 · ETA 1 min 05 s" (steps are
 * numbered 1..total, as rwb train does).
 */
final class ProgressText {
    private ProgressText() {
    }

    /** The RL phase: "RL step 13/50 · ETA 1 min 05 s". */
    static String of(int step, int steps, double etaSeconds) {
        return "RL step " + step + (steps > 0 ? "/" + steps : "") + eta(etaSeconds);
    }

    /** The warm start: "warm start 300/2000 · ETA 6 min", or "warm start phase 1/2 · 300/2000 · ETA 6 min". */
    static String warmStart(int phase, int phases, int step, int steps, double etaSeconds) {
        String where = phases > 1 ? "warm start phase " + phase + "/" + phases + " · " : "warm start ";
        return where + step + (steps > 0 ? "/" + steps : "") + eta(etaSeconds);
    }

    /** " · ETA 45 s", " · ETA 1 min 05 s", " · ETA 6 min" (whole minutes from 5 min on: seconds would be noise). */
    static String eta(double etaSeconds) {
        if (!Double.isFinite(etaSeconds) || etaSeconds < 0) {
            return "";
        }
        long eta = Math.round(etaSeconds);
        if (eta < 60) {
            return " · ETA " + eta + " s";
        }
        if (eta < 300) {
            return String.format(Locale.ROOT, " · ETA %d min %02d s", eta / 60, eta % 60);
        }
        return " · ETA " + Math.round(eta / 60.0) + " min";
    }
}
