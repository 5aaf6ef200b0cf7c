package dev.rwb.engine.interop;

import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads one rollout format and hands each trajectory to a consumer as soon as it is built, so an
 * import streams: memory is bounded by one record (or one step's group statistics), not the file.
 */
public interface Importer {

    /** The format this importer reads. */
    ImportFormat format();

    /**
     * Reads {@code source} (a file or a directory, as the format lays out) and passes every
     * trajectory to {@code sink} in source order.
     *
     * @throws TrajectoryFormatException on the first bad record, naming file, line (or record) and field
     */
    void read(Path source, ImportOptions options, Consumer<Trajectory> sink)
            throws IOException, TrajectoryFormatException;
}
