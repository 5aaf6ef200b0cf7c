package dev.rwb.engine.store;

/**
 * A label on a run or on one trajectory ("reward hack", "collapse", "good example").
 *
 * @param run the run's name
 * @param trajectoryId the tagged trajectory, or null for a tag of the whole run
 * @param tag the label
 */
public record Tag(String run, Long trajectoryId, String tag) {
    /** Whether this tags the whole run. */
    public boolean onRun() {
        return trajectoryId == null;
    }
}
