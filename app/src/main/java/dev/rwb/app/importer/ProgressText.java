package dev.rwb.app.importer;

import java.util.Locale;

/** An import's progress in words, as the CLI's bar shows it: "12.3 / 274.0 MB · 12.3 MB/s · 0:21 left · 1,024 trajectories". */
final class ProgressText {
    private ProgressText() {
    }

    static String of(long bytesRead, long totalBytes, long trajectories, double seconds) {
        String count = String.format(Locale.ROOT, "%,d trajectories", trajectories);
        if (bytesRead <= 0 || totalBytes <= 0) {
            return count;
        }
        double rate = bytesRead / 1e6 / seconds;
        // time left = bytes left / rate so far
        long left = Math.round(Math.max(0, totalBytes - bytesRead) / 1e6 / rate);
        return String.format(Locale.ROOT, "%.1f / %.1f MB · %.1f MB/s · %d:%02d left · %s", bytesRead / 1e6,
                totalBytes / 1e6, rate, left / 60, left % 60, count);
    }
}
