package dev.rwb.app.runs;

import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stop ends in a clear state: where the run stopped, whether a checkpoint is there to resume
 * from, and a determinate progress bar. Real child processes (the fake trainer) on a real DB.
 */
class RunSessionStopTest {
    @TempDir
    Path dir;
    /** Stands in for the FX thread: one thread applies every update, in order. */
    private final ExecutorService ui = Executors.newSingleThreadExecutor();

    @AfterEach
    void shutdown() {
        ui.shutdownNow();
    }

    private <T> T onUi(Callable<T> read) throws Exception {
        return ui.submit(read).get(10, TimeUnit.SECONDS);
    }

    private void waitFor(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!onUi(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private RunSession session() {
        Path db = dir.resolve("w.db");
        WorkbenchStore.open(db).close();
        return new RunSession(TrainerCommandLine.ofThisJvm(FakeTrainer.class.getName()), db, dir.resolve("configs"), ui);
    }

    @Test
    void stoppedMidRunSaysWhereAndKeepsResumeOpen() throws Exception {
        RunSession s = session();
        onUi(() -> {
            s.launch("{\"name\":\"long\",\"steps\":10000}", "long");
            return null;
        });
        waitFor(() -> s.progressTextProperty().get().startsWith("RL step 2/"), "two steps");
        onUi(() -> {
            s.stop();
            return null;
        });
        waitFor(() -> s.stateProperty().get() == RunState.STOPPED, "the stop");
        String text = onUi(() -> s.progressTextProperty().get());
        assertTrue(text.matches("stopped at step \\d+ of 10000 · checkpoint at step 0 \\(Resume continues there\\)"), text);
        assertTrue(onUi(() -> s.progressProperty().get()) >= 0, "no indeterminate (animated) bar after a stop");
        assertTrue(onUi(() -> s.resumableProperty().get()));
    }

    @Test
    void stoppedBeforeTheFirstCheckpointHasNothingToResume() throws Exception {
        RunSession s = session();
        onUi(() -> {
            s.launch("{\"name\":\"early\",\"steps\":10000}", "early");
            s.stop(); // the child JVM is still starting: no run, no checkpoint yet
            return null;
        });
        waitFor(() -> s.stateProperty().get() == RunState.STOPPED, "the stop");
        assertEquals("stopped at step 0 · no checkpoint yet: nothing to resume", onUi(() -> s.progressTextProperty().get()));
        assertEquals(0.0, onUi(() -> s.progressProperty().get()));
        assertFalse(onUi(() -> s.resumableProperty().get()));
    }
}
