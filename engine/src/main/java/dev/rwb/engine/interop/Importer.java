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

    /**
     * Reads {@code source} and hands each record's remaining work (parse, tokenise) to {@code sink}
     * in source order, so that an import can finish the records on all cores. Importers whose
     * records depend on each other keep the default: each trajectory is built here, in order.
     */
    default void readDeferred(Path source, ImportOptions options, TrajectoryWork.Sink sink)
            throws IOException, TrajectoryFormatException {
        try {
            read(source, options, t -> {
                try {
                    sink.accept(() -> t);
                } catch (TrajectoryFormatException e) {
                    throw new DeferredFailure(e);
                }
            });
        } catch (DeferredFailure f) {
            throw f.problem;
        }
    }

    /** Carries a sink's checked exception through {@link #read}'s consumer. */
    final class DeferredFailure extends RuntimeException {
        final TrajectoryFormatException problem;

        DeferredFailure(TrajectoryFormatException problem) {
            super(problem.getMessage(), problem, false, false);
            this.problem = problem;
        }
    }
}
