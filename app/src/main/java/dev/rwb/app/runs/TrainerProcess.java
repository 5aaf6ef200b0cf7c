package dev.rwb.app.runs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running trainer child process. Its stdout (JSON lines) and stderr (prose) are read on two
 * daemon threads; {@link Listener#exited} is called once, after both streams are fully read, on a
 * third. No callback runs on the FX thread: the listener must hand over to it.
 */
public final class TrainerProcess {
    /** Receives the process's output and exit, on background threads. */
    public interface Listener {
        void event(TrainerEvent event);

        /** A stdout line that was not a protocol event. */
        void stdoutText(String line);

        void stderrLine(String line);

        void exited(int exitCode);
    }

    private final Process process;

    private TrainerProcess(Process process) {
        this.process = process;
    }

    /** Where Debian, Ubuntu, Fedora and Arch install jemalloc 5. */
    private static final List<Path> JEMALLOC = List.of(Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"),
            Path.of("/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"), Path.of("/usr/lib64/libjemalloc.so.2"),
            Path.of("/usr/lib/libjemalloc.so.2"));

    /**
     * What the trainer child adds to its environment (the {@code rwb} launcher does the same): jemalloc,
     * when installed, with purging off. libtorch frees a training step's tensors after every step; glibc
     * unmaps each block above 32 MB at once, so the trainer's RSS swings by gigabytes within a step, while
     * jemalloc keeps the blocks for the next step (docs/BENCHMARKS.md, "Soak"). Nothing when jemalloc is
     * missing, when {@code RWB_JEMALLOC=0} or when {@code LD_PRELOAD} is already set.
     */
    static Map<String, String> nativeMemoryEnvironment(Map<String, String> environment, List<Path> candidates) {
        if ("0".equals(environment.get("RWB_JEMALLOC")) || environment.containsKey("LD_PRELOAD")) {
            return Map.of();
        }
        for (Path lib : candidates) {
            if (Files.isRegularFile(lib)) {
                return Map.of("LD_PRELOAD", lib.toString(),
                        "MALLOC_CONF", environment.getOrDefault("MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1"));
            }
        }
        return Map.of();
    }

    /** Starts the command and its reader threads. */
    public static TrainerProcess start(List<String> command, Listener listener) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(nativeMemoryEnvironment(builder.environment(), JEMALLOC));
        Process p = builder.start();
        p.getOutputStream().close();
        Thread out = reader(p.getInputStream(), "rwb-trainer-stdout", line ->
                TrainerEventParser.parse(line).ifPresentOrElse(listener::event, () -> listener.stdoutText(line)));
        Thread err = reader(p.getErrorStream(), "rwb-trainer-stderr", listener::stderrLine);
        Thread waiter = new Thread(() -> {
            try {
                int code = p.waitFor();
                out.join();
                err.join();
                listener.exited(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rwb-trainer-wait");
        waiter.setDaemon(true);
        waiter.start();
        return new TrainerProcess(p);
    }

    private static Thread reader(InputStream in, String name, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                sink.accept("(stream closed: " + e.getMessage() + ")");
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Asks the trainer to stop (SIGTERM: its shutdown hooks run) and, if it is still alive after
     * {@code grace}, kills it. Returns at once; the kill happens on a daemon thread.
     */
    public void stop(Duration grace) {
        // Through the handle, not Process.destroy(): that also closes our ends of the pipes, which
        // would lose the trainer's last words (its "stopped" event, the checkpoint it saved).
        process.toHandle().destroy();
        Thread killer = new Thread(() -> {
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }, "rwb-trainer-stop");
        killer.setDaemon(true);
        killer.start();
    }
}
