package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams trajectories into a {@link WorkbenchStore} in committed chunks that stay hidden until
 * {@link #commit()} (see {@link WorkbenchStore#openWriter(int, long)}): memory stays bounded by the
 * chunk (a count of trajectories or their stored bytes, whichever is reached first), the write lock
 * is held one chunk at a time, and the import is all or nothing for the user. Use with
 * try-with-resources and call {@link #commit()} as the last statement. One thread writes.
 */
public final class TrajectoryWriter implements AutoCloseable {
    private final WorkbenchStore store;
    private final int maxTrajectories;
    private final long maxBytes;
    private final List<EncodedTrajectory> buffer = new ArrayList<>();
    private long bufferedBytes;
    private long written;
    private int chunks;
    private boolean ended;
    private Consumer<List<Long>> onStored = ids -> { };

    TrajectoryWriter(WorkbenchStore store, int maxTrajectories, long maxBytes) {
        this.store = store;
        this.maxTrajectories = maxTrajectories;
        this.maxBytes = maxBytes;
    }

    /** Encodes and buffers one trajectory, writing the chunk when it is full. */
    public void write(Trajectory t) {
        write(EncodedTrajectory.of(t, t.tokens().text(), stopGrams()));
    }

    /**
     * The trigrams the store's text index leaves out, for encoding elsewhere
     * ({@link EncodedTrajectory#of(Trajectory, String, StopGrams)}); it changes at most once, when a
     * chunk decides it. Safe to call from any thread.
     */
    public StopGrams stopGrams() {
        return store.stopGrams();
    }

    /** Buffers one trajectory encoded elsewhere (e.g. on a worker thread), writing the chunk when it is full. */
    public void write(EncodedTrajectory t) {
        requireOpen();
        buffer.add(t);
        bufferedBytes += t.storedBytes();
        if (buffer.size() >= maxTrajectories || bufferedBytes >= maxBytes) {
            flush();
        }
    }

    /** Calls {@code listener} with the database ids of each chunk once it is stored, in write order. */
    public TrajectoryWriter onChunkStored(Consumer<List<Long>> listener) {
        this.onStored = java.util.Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** Chunks committed so far. */
    public int chunks() {
        return chunks;
    }

    /** Trajectories handed to {@link #write} so far. */
    public long count() {
        return written + buffer.size();
    }

    /** Writes what is buffered and commits the whole transaction. */
    public void commit() {
        requireOpen();
        flush();
        ended = true;
        store.finishImport(true);
    }

    /** Deletes everything written since the writer opened, unless it was committed. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            buffer.clear();
            store.finishImport(false);
        }
    }

    private void flush() {
        if (!buffer.isEmpty()) {
            // one committed chunk, into runs that stay hidden until the import commits
            List<Long> ids = store.insertEncoded(buffer);
            onStored.accept(ids);
            written += buffer.size();
            chunks++;
            buffer.clear();
            bufferedBytes = 0;
        }
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("the trajectory writer is already committed or closed");
        }
    }
}
