package dev.rwb.app.runs;

/** Formats "step 13 / 50 · ETA 1 min 05 s" (steps are numbered 1..total, as rwb train does). */
final class ProgressText {
    private ProgressText() {
    }

    static String of(int step, int steps, double etaSeconds) {
        String s = "step " + step + (steps > 0 ? " / " + steps : "");
        if (Double.isFinite(etaSeconds) && etaSeconds >= 0) {
            long eta = Math.round(etaSeconds);
            s += " · ETA " + (eta >= 60 ? eta / 60 + " min " + String.format("%02d", eta % 60) + " s" : eta + " s");
        }
        return s;
    }
}
