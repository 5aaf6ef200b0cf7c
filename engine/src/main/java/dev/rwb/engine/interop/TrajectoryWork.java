package dev.rwb.engine.interop;

import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryFormatException;

/**
 * The rest of the work of building one trajectory once its record has been read (parsing,
 * tokenising), handed out by {@link Importer#readDeferred} so that it can run on any thread.
 * It must not touch state the reader changes afterwards.
 */
@FunctionalInterface
public interface TrajectoryWork {
    Trajectory build() throws TrajectoryFormatException;

    /** Receives each record's work, in source order. */
    @FunctionalInterface
    interface Sink {
        void accept(TrajectoryWork work) throws TrajectoryFormatException;
    }
}
