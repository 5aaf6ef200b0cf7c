package dev.rwb.engine.store;

import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/**
 * Streams trajectories into a {@link WorkbenchStore} in committed chunks that stay hidden until
 * {@link #commit()} (see {@link WorkbenchStore#openWriter(int)}): memory stays bounded by the batch
 * size, the write lock is held one chunk at a time, and the import is all or nothing for the user.
 * Use with try-with-resources and call {@link #commit()} as the last statement.
 */
public final class TrajectoryWriter implements AutoCloseable {
    private final WorkbenchStore store;
    private final int batchSize;
    private final List<Trajectory> buffer;
    private long written;
    private boolean ended;

    TrajectoryWriter(WorkbenchStore store, int batchSize) {
        this.store = store;
        this.batchSize = batchSize;
        this.buffer = new ArrayList<>(batchSize);
    }

    /** Buffers one trajectory, writing the batch when it is full. */
    public void write(Trajectory t) {
        requireOpen();
        buffer.add(t);
        if (buffer.size() >= batchSize) {
            flush();
        }
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
            store.insertAll(buffer);
            written += buffer.size();
            buffer.clear();
        }
    }

    private void requireOpen() {
        if (ended) {
            throw new IllegalStateException("the trajectory writer is already committed or closed");
        }
    }
}
