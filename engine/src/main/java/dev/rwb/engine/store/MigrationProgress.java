package dev.rwb.engine.store;

/**
 * Hears how far a schema migration that rewrites rows has got, e.g. to drive a progress bar while
 * an old database is opened. Called on the thread that opens the store.
 */
@FunctionalInterface
public interface MigrationProgress {
    /** Hears nothing. */
    MigrationProgress NONE = (step, done, total) -> { };

    /**
     * @param step what is being done, in words
     * @param done trajectories (or other units) done so far
     * @param total how many there are, or -1 while not known
     */
    void progress(String step, long done, long total);
}
