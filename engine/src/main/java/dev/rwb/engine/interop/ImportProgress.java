package dev.rwb.engine.interop;

/**
 * Hears how an import is getting on, and may cancel it. Called on the importing thread, a few
 * times a second at most; a cancelled import stops at the next trajectory and stores nothing.
 */
public interface ImportProgress {
    /** Hears nothing, never cancels. */
    ImportProgress NONE = (bytesRead, totalBytes, trajectories) -> { };

    /**
     * @param bytesRead source bytes read so far (0 for formats that are not read as lines: TRL, inspect)
     * @param totalBytes the source's size in bytes
     * @param trajectories trajectories written so far
     */
    void progress(long bytesRead, long totalBytes, long trajectories);

    /** True to stop the import; checked before each trajectory is written. */
    default boolean cancelled() {
        return false;
    }
}
