package dev.rwb.app.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the scheduler did to some of this JVM's threads over an interval, from Linux's
 * {@code /proc/self/task/<tid>/schedstat}: time on a CPU and time runnable but waiting for one. A
 * long FX-thread stall on a shared machine is then either work (CPU time) or the run queue (wait);
 * the pulse gaps alone cannot tell them apart. Threads are matched by their kernel name (the Java
 * name cut to 15 characters). Where {@code /proc} is missing (not Linux) every figure reads 0.
 */
public final class ThreadSchedule {
    private final Map<String, long[]> start;

    private ThreadSchedule(Map<String, long[]> start) {
        this.start = start;
    }

    /** Starts an interval now. */
    public static ThreadSchedule begin() {
        return new ThreadSchedule(read());
    }

    /**
     * The interval so far for the threads whose names start with these prefixes, e.g.
     * "FX thread: cpu 310 ms, waited 420 ms; QuantumRenderer: cpu 90 ms, waited 60 ms".
     */
    public String since(String... threadPrefixes) {
        Map<String, long[]> now = read();
        StringBuilder out = new StringBuilder();
        for (String prefix : threadPrefixes) {
            long cpu = 0;
            long waited = 0;
            for (var e : now.entrySet()) {
                if (e.getKey().startsWith(kernelName(prefix))) {
                    long[] before = start.getOrDefault(e.getKey(), new long[2]);
                    cpu += e.getValue()[0] - before[0];
                    waited += e.getValue()[1] - before[1];
                }
            }
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(String.format(Locale.ROOT, "%s: cpu %.0f ms, waited for a cpu %.0f ms", prefix, cpu / 1e6,
                    waited / 1e6));
        }
        return out.toString();
    }

    private static String kernelName(String javaName) {
        return javaName.length() > 15 ? javaName.substring(0, 15) : javaName;
    }

    /** Kernel thread name (with the tid, so two threads of one name stay apart) → {cpu ns, wait ns}. */
    private static Map<String, long[]> read() {
        Map<String, long[]> out = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> list = Files.list(tasks)) {
            list.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    String[] f = Files.readString(task.resolve("schedstat")).trim().split("\\s+");
                    out.put(name + "#" + task.getFileName(), new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: it is left out
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
