package dev.rwb.app.runs;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how long the FX thread is unavailable: a daemon thread posts a probe with
 * {@link Platform#runLater} every 10 ms and records the delay until it runs; an
 * {@link AnimationTimer} records the largest gap between two pulses.
 */
public final class FxStallMonitor implements AutoCloseable {
    private final AtomicLong maxProbeNanos = new AtomicLong();
    private final AtomicLong maxPulseGapNanos = new AtomicLong();
    private final AtomicLong probes = new AtomicLong();
    private volatile boolean running = true;
    private final Thread poster;
    private AnimationTimer timer;

    public FxStallMonitor() {
        Platform.runLater(() -> {
            timer = new AnimationTimer() {
                long last;

                @Override
                public void handle(long now) {
                    if (last != 0) {
                        maxPulseGapNanos.accumulateAndGet(now - last, Math::max);
                    }
                    last = now;
                }
            };
            timer.start();
        });
        poster = new Thread(() -> {
            while (running) {
                long posted = System.nanoTime();
                Platform.runLater(() -> {
                    maxProbeNanos.accumulateAndGet(System.nanoTime() - posted, Math::max);
                    probes.incrementAndGet();
                });
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "fx-stall-probe");
        poster.setDaemon(true);
        poster.start();
    }

    public double maxProbeMillis() {
        return maxProbeNanos.get() / 1e6;
    }

    public double maxPulseGapMillis() {
        return maxPulseGapNanos.get() / 1e6;
    }

    public long probes() {
        return probes.get();
    }

    @Override
    public void close() {
        running = false;
        poster.interrupt();
        Platform.runLater(() -> {
            if (timer != null) {
                timer.stop();
            }
        });
    }
}
