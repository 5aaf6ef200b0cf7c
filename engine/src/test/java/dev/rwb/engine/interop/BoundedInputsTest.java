package dev.rwb.engine.interop;

import dev.rwb.engine.interop.catalog.Importers;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.InputLimits;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded inputs (issue 17): every ZIP entry and every JSON document an import reads has a size
 * cap that gives a clear message, and hostile inputs are refused by {@code rwb import} in a JVM
 * limited to 256 MB of heap instead of ending in OutOfMemoryError.
 */
class BoundedInputsTest {
    @TempDir
    Path dir;

    @Test
    void anEvalEntryThatInflatesPastTheCapIsRefusedBeforeItIsInflated() throws Exception {
        // 1 MB deflated, 128 MB inflated: the size in the ZIP's directory trips the cap, nothing is read
        Path eval = evalWithSample(dir.resolve("bomb.eval"), 128L << 20, "[0,", "0,", "0]");
        assertTrue(Files.size(eval) < 2 << 20, "the bomb is small on disk: " + Files.size(eval));
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            long before = usedHeap();
            TrajectoryFormatException e = assertThrows(TrajectoryFormatException.class,
                    () -> Importers.importInto(store, eval, ImportFormat.INSPECT, ImportOptions.defaults()));
            assertTrue(e.getMessage().contains("bomb.eval!samples/1_epoch_1.json")
                    && e.getMessage().contains("over the cap of 64 MB per entry"), e.getMessage());
            assertTrue(usedHeap() - before < 64 << 20, "the entry was not inflated into the heap");
            assertTrue(store.listRuns().isEmpty());
        }
    }

    @Test
    void hostileInputsAreRefusedWithinA256MbHeap() throws Exception {
        // each is under the byte cap but would build a tree of millions of nodes (about 2 GB of heap)
        Path objects = evalWithSample(dir.resolve("objects.eval"), 48L << 20, "[", "{},", "{}]");
        Path log = dir.resolve("objects.json");
        writeRepeated(log, 48L << 20, "{\"eval\": {\"task\": \"t\"}, \"samples\": [[", "[],", "[]]]}");
        Path line = dir.resolve("long.jsonl");
        writeRepeated(line, 80L << 20, "{\"run\": \"r\", \"tokens\": [", "0,", "0]}\n");
        Path nested = dir.resolve("nested.jsonl");
        writeRepeated(nested, 100_000, "{\"messages\": ", "[", "]\n");
        for (Path p : List.of(objects, log, line, nested)) {
            Process proc = rwbImport(p);
            String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "import finished: " + p);
            assertFalse(out.contains("OutOfMemoryError"), p + ": " + out);
            assertEquals(1, proc.exitValue(), p + ": " + out);
            assertTrue(out.contains("too large to import") || out.contains("longer than 64 MB")
                    || out.contains("nested deeper than " + InputLimits.MAX_NESTING), p + ": " + out);
        }
    }

    private Process rwbImport(Path source) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.rwb.engine.cli.Rwb", "import", source.toString(), "--db", dir.resolve("child.db").toString())
                .redirectErrorStream(true).start();
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** A .eval ZIP with a header and one sample entry of about {@code bytes}: head, middle repeated, tail. */
    private static Path evalWithSample(Path file, long bytes, String head, String middle, String tail)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("header.json"));
            zip.write("{\"eval\": {\"task\": \"bomb\"}}".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("samples/1_epoch_1.json"));
            repeat(zip, bytes, head, middle, tail);
            zip.closeEntry();
        }
        return file;
    }

    private static void writeRepeated(Path file, long bytes, String head, String middle, String tail)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            repeat(out, bytes, head, middle, tail);
        }
    }

    private static void repeat(OutputStream out, long bytes, String head, String middle, String tail)
            throws IOException {
        byte[] chunk = middle.repeat(Math.max(1, (64 << 10) / middle.length())).getBytes(StandardCharsets.UTF_8);
        out.write(head.getBytes(StandardCharsets.UTF_8));
        for (long written = 0; written < bytes; written += chunk.length) {
            out.write(chunk);
        }
        out.write(tail.getBytes(StandardCharsets.UTF_8));
    }
}
