package dev.rwb.engine.model;

import dev.rwb.engine.cli.Rwb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM during a level-3 warm start ends {@code rwb sft} with status 143 and no native crash (issue 17),
 * the command that crashed in {@code torchBackward}. Without {@link SignalExit} the JVM's orderly exit ran
 * libtorch's static destructors under the running backward; docs/BENCHMARKS.md ("Soak") records how often
 * that crashed before and after.
 */
class SignalExitProcessTest {
    @TempDir
    Path dir;

    @Test
    void sigtermDuringTheWarmStartExitsWithoutANativeCrash() throws Exception {
        long[] delaysMs = {4_000, 7_000, 10_000};
        for (int trial = 0; trial < delaysMs.length; trial++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-Dai.djl.offline=true",
                    "-cp", System.getProperty("java.class.path"), Rwb.class.getName(),
                    "sft", "--task", "kb-search", "--level", "3", "--steps", "100000", "--minutes", "3",
                    "--demonstrations", "64", "--heldout", "2", "--out", dir.resolve("ws-" + trial).toString(),
                    "--db", dir.resolve("sft-" + trial + ".db").toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            StringBuilder log = new StringBuilder();
            CompletableFuture<Boolean> modelBuilt = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (log) {
                            log.append(line).append('\n');
                        }
                        if (line.contains("parameters")) {
                            modelBuilt.complete(true);
                        }
                    }
                } catch (java.io.IOException gone) {
                    // the process ended
                }
                modelBuilt.complete(false);
            });
            reader.start();
            assertTrue(modelBuilt.get(120, TimeUnit.SECONDS), "the warm start began:\n" + log);
            Thread.sleep(delaysMs[trial]);
            assertTrue(p.isAlive(), "still in the warm start when the signal comes:\n" + log);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
            reader.join(10_000);
            String text;
            synchronized (log) {
                text = log.toString();
            }
            assertFalse(text.contains("A fatal error has been detected"), text);
            assertEquals(143, p.exitValue(), "128 + SIGTERM, not a crash (134); trial " + trial + ":\n" + text);
            try (Stream<Path> crashes = Files.list(dir).filter(f -> f.getFileName().toString().startsWith("hs_err"))) {
                assertEquals(List.of(), crashes.toList(), "no JVM crash file");
            }
        }
    }
}
