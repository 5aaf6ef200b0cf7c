package dev.rwb.app.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands work from background threads to the UI thread in batches: however many updates arrive
 * between two UI turns, at most one {@code Platform.runLater} is pending, so a chatty trainer
 * cannot flood the FX event queue.
 */
public final class UiBatcher {
    private final Executor uiThread;
    private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long longestBatchNanos;

    /** @param uiThread {@code Platform::runLater} in the app, {@code Runnable::run} in view-model tests */
    public UiBatcher(Executor uiThread) {
        this.uiThread = uiThread;
    }

    /** Queues an update; safe from any thread. */
    public void post(Runnable update) {
        pending.add(update);
        if (scheduled.compareAndSet(false, true)) {
            uiThread.execute(this::drain);
        }
    }

    private void drain() {
        // Clear the flag first: an update posted while draining schedules a new drain rather than being lost.
        scheduled.set(false);
        List<Runnable> batch = new ArrayList<>();
        for (Runnable r = pending.poll(); r != null; r = pending.poll()) {
            batch.add(r);
        }
        long t0 = System.nanoTime();
        batch.forEach(Runnable::run);
        longestBatchNanos = Math.max(longestBatchNanos, System.nanoTime() - t0);
    }

    /** The longest time one batch of updates held the UI thread since the last reset (a pulse-budget diagnostic). */
    public double longestBatchMillis() {
        return longestBatchNanos / 1e6;
    }

    /** Starts a new measurement window for {@link #longestBatchMillis}. */
    public void resetLongestBatch() {
        longestBatchNanos = 0;
    }
}
