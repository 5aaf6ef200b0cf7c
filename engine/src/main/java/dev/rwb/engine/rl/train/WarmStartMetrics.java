package dev.rwb.engine.rl.train;

import dev.rwb.engine.store.WorkbenchStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The warm start's loss curve on its way to the DB: steps are collected and written in one
 * transaction every {@value #FLUSH_MILLIS} ms (a live dashboard sees the curve grow without a commit
 * per step) and whenever a checkpoint is about to be written.
 */
final class WarmStartMetrics {
    static final long FLUSH_MILLIS = 2_000;

    private record Point(int step, int phase, double loss) {
    }

    private final WorkbenchStore store;
    private final long runId;
    private final List<Point> pending = new ArrayList<>();
    private long lastFlush = System.currentTimeMillis();

    WarmStartMetrics(WorkbenchStore store, long runId) {
        this.store = store;
        this.runId = runId;
    }

    void add(int globalStep, int phase, double loss) {
        pending.add(new Point(globalStep, phase, loss));
        if (System.currentTimeMillis() - lastFlush >= FLUSH_MILLIS) {
            flush();
        }
    }

    void flush() {
        if (!pending.isEmpty()) {
            List<Point> batch = List.copyOf(pending);
            store.atomically(() -> batch.forEach(p -> store.addStepMetrics(runId, p.step(),
                    Map.of(RlTrainer.WARM_START_LOSS, p.loss(), RlTrainer.WARM_START_PHASE, (double) p.phase()))));
            pending.clear();
        }
        lastFlush = System.currentTimeMillis();
    }
}
