package dev.rwb.app.dashboard;

import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;

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
 * step finished in two writes is completed) and hands non-empty batches to the UI thread.
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
     *
     * @param sink receives each batch on the UI thread
     */
    public synchronized void follow(long runId, long periodMillis, Consumer<List<StepMetric>> sink) {
        stop();
        // last[0]: highest step seen; last[1]: rows in the previous batch (same rows again = nothing new)
        int[] last = {Integer.MIN_VALUE, -1};
        current = timer.scheduleWithFixedDelay(() -> {
            try {
                int after = last[0] == Integer.MIN_VALUE ? Integer.MIN_VALUE : last[0] - 1;
                List<StepMetric> batch = store.stepMetrics(runId, after);
                int top = batch.isEmpty() ? last[0] : batch.get(batch.size() - 1).step();
                if (!batch.isEmpty() && (top != last[0] || batch.size() != last[1])) {
                    last[0] = top;
                    last[1] = batch.size();
                    uiThread.execute(() -> sink.accept(batch));
                }
            } catch (RuntimeException e) {
                // A locked or half-migrated DB is retried on the next tick; the chart just waits.
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
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
