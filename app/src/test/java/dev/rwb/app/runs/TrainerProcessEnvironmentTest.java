package dev.rwb.app.runs;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer child gets the glibc malloc settings that keep libtorch's memory flat (issue 17's soak). */
class TrainerProcessEnvironmentTest {

    @Test
    void theChildProcessSeesTheNativeMemorySettings() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        TrainerProcess.start(List.of("sh", "-c", "echo $MALLOC_ARENA_MAX,$MALLOC_MMAP_MAX_,$MALLOC_TRIM_THRESHOLD_"),
                new TrainerProcess.Listener() {
                    @Override
                    public void event(TrainerEvent event) {
                    }

                    @Override
                    public void stdoutText(String line) {
                        lines.add(line);
                    }

                    @Override
                    public void stderrLine(String line) {
                    }

                    @Override
                    public void exited(int exitCode) {
                        done.countDown();
                    }
                });
        assertTrue(done.await(30, TimeUnit.SECONDS), "the child did not exit");
        String expected = System.getenv().getOrDefault("MALLOC_ARENA_MAX", "1") + ","
                + System.getenv().getOrDefault("MALLOC_MMAP_MAX_", "0") + ","
                + System.getenv().getOrDefault("MALLOC_TRIM_THRESHOLD_", "17179869184");
        assertEquals(List.of(expected), lines);
    }
}
