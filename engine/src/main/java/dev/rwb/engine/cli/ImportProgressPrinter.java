package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.interop.ImportProgress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress of {@code rwb import} on stderr: a bar redrawn in place on a terminal (bytes read of
 * the source's size, rate, ETA), a plain line every few seconds when stderr is a file or a pipe, and
 * with {@code --json} one JSON object per line instead, e.g.
 * {@code {"event":"progress","bytes_read":…,"total_bytes":…,"trajectories":…,"mb_per_s":…,"eta_s":…}}.
 * Sources below {@link #MIN_BYTES} import in a moment and print nothing.
 */
final class ImportProgressPrinter implements ImportProgress {
    /** Smaller sources show no progress. */
    static final long MIN_BYTES = 4L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR = 30;

    private final PrintStream err;
    private final boolean json;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean drewBar;

    ImportProgressPrinter(PrintStream err, boolean json, boolean terminal) {
        this.err = err;
        this.json = json;
        this.terminal = terminal;
    }

    @Override
    public void progress(long bytesRead, long totalBytes, long trajectories) {
        if (totalBytes < MIN_BYTES) {
            return;
        }
        long now = System.nanoTime();
        boolean done = bytesRead >= totalBytes;
        long every = terminal && !json ? 250_000_000L : 2_000_000_000L;
        if (!done && now - lastPrint < every) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        double rate = bytesRead / 1e6 / seconds;
        // ETA = bytes left / rate so far
        double eta = rate > 0 ? (totalBytes - bytesRead) / 1e6 / rate : Double.NaN;
        if (json) {
            var o = JSON.createObjectNode().put("event", "progress").put("bytes_read", bytesRead)
                    .put("total_bytes", totalBytes).put("trajectories", trajectories).put("seconds", seconds)
                    .put("mb_per_s", rate);
            if (Double.isFinite(eta)) {
                o.put("eta_s", eta);
            }
            err.println(o);
            return;
        }
        double fraction = Math.min(1.0, bytesRead / (double) totalBytes);
        int filled = (int) Math.round(fraction * BAR);
        String line = String.format(Locale.ROOT, "importing [%s%s] %3.0f%%  %.1f / %.1f MB  %.1f MB/s  ETA %s  %,d trajectories",
                "#".repeat(filled), "-".repeat(BAR - filled), 100 * fraction, bytesRead / 1e6, totalBytes / 1e6, rate,
                clock(eta), trajectories);
        if (terminal) {
            err.print("\r" + line);
            drewBar = true;
            if (done) {
                err.println();
                drewBar = false;
            }
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends a bar left open by an import that stopped early, so the next message starts on its own line. */
    void finish() {
        if (drewBar) {
            err.println();
            drewBar = false;
        }
    }

    private static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
