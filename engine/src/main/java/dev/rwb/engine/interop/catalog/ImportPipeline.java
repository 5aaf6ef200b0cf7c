package dev.rwb.engine.interop.catalog;

import dev.rwb.engine.interop.ImportMeter;
import dev.rwb.engine.interop.ImportOptions;
import dev.rwb.engine.interop.ImportProgress;
import dev.rwb.engine.interop.Importer;
import dev.rwb.engine.interop.TrajectoryWork;
import dev.rwb.engine.store.EncodedTrajectory;
import dev.rwb.engine.store.TrajectoryWriter;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;
import dev.rwb.engine.trajectory.TrajectoryValidator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Reading, finishing and writing of one import, pipelined: a reader thread reads the source and
 * hands each record's work (parse, tokenise, validate, encode) to a pool with one thread per core;
 * the calling thread, the only writer, takes the results in source order and writes them. A bounded
 * queue of results in flight keeps memory to a window of records plus the writer's chunk. The workers
 * also run the lint's trajectory checks ({@link ImportLint}), so nothing is reloaded to lint it.
 */
final class ImportPipeline {
    /**
     * Source bytes whose results may be in flight between the reader and the writer, in KiB: enough
     * to keep the pool busy while the writer writes and commits a chunk (16 MB of stored bytes, about
     * 8 MB of source). With 1,024 records (4 MB of the bench's verl dump) the workers ran out of room
     * during each chunk's write and a core stood idle: rwb bench import --mb 1000, Qwen3 tokenizer,
     * 16.2 MB/s; with 16 MB, 19.1-19.9 MB/s (docs/BENCHMARKS.md). Counted in bytes, not records, so that a
     * dump of 32k-token trajectories holds no more memory than one of short ones.
     */
    static final int WINDOW_KIB = 16 << 10;
    /** Records in flight at most, however small. */
    static final int WINDOW_RECORDS = 8192;
    private static final long REPORT_EVERY_NANOS = 200_000_000L;

    /** One finished record: what the tally needs, the encoded trajectory and what the lint checks found. */
    record Finished(String run, int step, int tokens, EncodedTrajectory encoded, ImportLint.Checked lint) {
    }

    private ImportPipeline() {
    }

    /**
     * Runs the import of {@code source} into {@code writer}, calling {@code tally} for each trajectory
     * in source order. Any failure (a bad record, a cancel, an interrupt) stops the reader and the pool.
     */
    static void run(Importer importer, Path source, ImportOptions options, TrajectoryWriter writer,
                    long totalBytes, ImportProgress progress, Consumer<Finished> tally)
            throws IOException, TrajectoryFormatException {
        String name = source.getFileName() == null ? source.toString() : source.getFileName().toString();
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("rwb-import-worker"));
        BlockingQueue<InFlight> inFlight = new ArrayBlockingQueue<>(WINDOW_RECORDS);
        Semaphore window = new Semaphore(WINDOW_KIB);
        CompletableFuture<Finished> end = new CompletableFuture<>();
        AtomicLong bytesRead = new AtomicLong();
        AtomicLong submitted = new AtomicLong();
        Thread reader = daemon("rwb-import-reader").newThread(() -> {
            ImportMeter.attach(bytesRead);
            long[] counted = {0};
            try {
                importer.readDeferred(source, options, work -> {
                    long ordinal = submitted.incrementAndGet();
                    // the bytes read since the last record, as counted at the reader's buffer: a record
                    // read from the buffer counts 1 KiB, the one that refilled it the buffer's size
                    long read = bytesRead.get();
                    int kib = (int) Math.min(WINDOW_KIB, Math.max(1, (read - counted[0]) >> 10));
                    counted[0] = read;
                    acquire(window, kib);
                    enqueue(inFlight, new InFlight(pool.submit(() -> finish(work, name, ordinal, writer)), kib));
                });
                end.complete(null);
            } catch (Throwable e) {
                end.completeExceptionally(e);
            } finally {
                ImportMeter.detach();
                enqueueQuietly(inFlight, new InFlight(end, 0));
            }
        });
        reader.start();
        long written = 0;
        long lastReport = 0;
        try {
            while (true) {
                InFlight next = inFlight.take();
                window.release(next.kib());
                Finished f = next.result().get();
                if (f == null) {
                    break;
                }
                if (progress.cancelled()) {
                    throw new CancellationException("import of " + source + " cancelled");
                }
                tally.accept(f);
                writer.write(f.encoded());
                written++;
                long now = System.nanoTime();
                if (now - lastReport > REPORT_EVERY_NANOS) {
                    lastReport = now;
                    progress.progress(bytesRead.get(), totalBytes, written);
                }
            }
            progress.progress(Math.max(bytesRead.get(), totalBytes), totalBytes, written);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("import of " + source + " interrupted");
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } finally {
            reader.interrupt();
            pool.shutdownNow();
            inFlight.clear();
        }
    }

    private static Finished finish(TrajectoryWork work, String source, long ordinal, TrajectoryWriter writer)
            throws TrajectoryFormatException {
        Trajectory t = work.build();
        // the text is built once, for the validator's surrogate check and the stored row
        String text = t.tokens().text();
        // every importer's output passes the one validator before it is written (issue 17)
        TrajectoryValidator.validate(t, source, ordinal, text);
        return new Finished(t.run(), t.step(), t.tokens().length(), EncodedTrajectory.of(t, text, writer.stopGrams()),
                ImportLint.check(t, ordinal - 1));
    }

    /** A record's result to come, and the KiB of the window it holds until the writer takes it. */
    private record InFlight(Future<Finished> result, int kib) {
    }

    private static void acquire(Semaphore window, int kib) {
        try {
            window.acquire(kib);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StopReading();
        }
    }

    private static void enqueue(BlockingQueue<InFlight> q, InFlight f) throws TrajectoryFormatException {
        try {
            q.put(f);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the writer stopped (it failed or was cancelled): stop reading
            throw new StopReading();
        }
    }

    private static void enqueueQuietly(BlockingQueue<InFlight> q, InFlight f) {
        try {
            q.put(f);
        } catch (InterruptedException e) {
            // the writer has stopped taking: no one waits for the end marker
            Thread.currentThread().interrupt();
        }
    }

    private static RuntimeException rethrow(Throwable cause) throws IOException, TrajectoryFormatException {
        if (cause instanceof TrajectoryFormatException e) {
            throw e;
        }
        if (cause instanceof IOException e) {
            throw e;
        }
        if (cause instanceof RuntimeException e) {
            throw e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(cause);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Ends the reader when the writer has gone. */
    private static final class StopReading extends RuntimeException {
        StopReading() {
            super("the import's writer stopped", null, false, false);
        }
    }
}
