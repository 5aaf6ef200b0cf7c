package dev.rwb.app.dashboard;

import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.Executor;

/**
 * Polls a run's step metrics while the trainer writes them (the DB is the contract, DESIGN §3):
 * every period, on a daemon thread, it reads the steps after the last one seen (minus one, so a
 * step finished in two writes is completed) and hands non-empty batches to the UI thread. The warm
 * start's loss curve and the RL metrics are read with separate cursors (they count different steps).
 */
public final class MetricPoller implements AutoCloseable {
    private final WorkbenchStore store;
    private final Executor uiThread;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rwb-metric-poll");
        t.setDaemon(true);
        return t;
    });
    private ScheduledFuture<?> current;

    public MetricPoller(WorkbenchStore store, Executor uiThread) {
        this.store = store;
        this.uiThread = uiThread;
    }

    /**
     * Starts following {@code runId} (stopping any previous run), first reading everything stored.
     * The warm start's metrics ({@value #WARM_START_PREFIX}…, numbered by warm-start step) and the RL
     * metrics are two series with their own step counters, so each is read with its own cursor.
     *
     * @param sink receives each batch on the UI thread
     */
    public synchronized void follow(long runId, long periodMillis, Consumer<List<StepMetric>> sink) {
        stop();
        Cursor rl = new Cursor(runId, false);
        Cursor warm = new Cursor(runId, true);
        current = timer.scheduleWithFixedDelay(() -> {
            try {
                List<StepMetric> batch = new ArrayList<>(warm.read());
                batch.addAll(rl.read());
                if (!batch.isEmpty()) {
                    uiThread.execute(() -> sink.accept(batch));
                }
            } catch (RuntimeException e) {
                // A locked or half-migrated DB is retried on the next tick; the chart just waits.
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The metric names of the warm-start phase. */
    static final String WARM_START_PREFIX = "warm_start/";

    /**
     * Where one series was read up to: it re-reads from the highest step seen (minus one, so a step
     * finished in two writes is completed) and reports only when that gave something new.
     */
    private final class Cursor {
        private final long runId;
        private final boolean warmStart;
        private int lastStep = Integer.MIN_VALUE;
        /** Rows in the previous batch: the same rows again means nothing new. */
        private int lastRows = -1;

        Cursor(long runId, boolean warmStart) {
            this.runId = runId;
            this.warmStart = warmStart;
        }

        List<StepMetric> read() {
            int after = lastStep == Integer.MIN_VALUE ? Integer.MIN_VALUE : lastStep - 1;
            List<StepMetric> batch = store.stepMetrics(runId, after, WARM_START_PREFIX, warmStart);
            int top = batch.isEmpty() ? lastStep : batch.get(batch.size() - 1).step();
            if (batch.isEmpty() || (top == lastStep && batch.size() == lastRows)) {
                return List.of();
            }
            lastStep = top;
            lastRows = batch.size();
            return batch;
        }
    }

    public synchronized void stop() {
        if (current != null) {
            current.cancel(false);
            current = null;
        }
    }

    @Override
    public void close() {
        stop();
        timer.shutdownNow();
    }
}
