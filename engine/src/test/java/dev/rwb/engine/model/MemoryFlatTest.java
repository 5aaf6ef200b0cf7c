package dev.rwb.engine.model;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Over 1000 training steps and 1000 sampling calls the number of live NDArrays does not grow
 * and the process RSS stays flat (every step's arrays live in a closed sub-manager).
 */
class MemoryFlatTest {
    private static final int ROUNDS = 1000;

    /**
     * Runs {@link MemoryProbe} in a child JVM with a fixed, pre-touched heap, so any RSS growth is
     * native (libtorch) memory, and checks its figures.
     */
    @Test
    void liveArraysAndRssStayFlatOverThousandsOfSteps() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch",
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                MemoryProbe.class.getName(), String.valueOf(ROUNDS));
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        String line = output.lines().filter(l -> l.startsWith("arrays ")).findFirst().orElseThrow(() -> new AssertionError(output));
        System.out.println("MemoryProbe: " + line);
        // "arrays A0 A1 A2 rss R0 R1 R2": after warm-up, after training, after sampling
        String[] f = line.split(" ");
        assertEquals(f[1], f[2], "NDArrays leaked by training steps: " + line);
        assertEquals(f[1], f[3], "NDArrays leaked by sampling calls: " + line);
        long growth = Long.parseLong(f[7]) - Long.parseLong(f[5]);
        assertTrue(growth < 20_000, "RSS grew by " + growth + " KiB: " + line);
    }
}
