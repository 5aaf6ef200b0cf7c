package dev.rwb.app.scoring;

/** Which stored trajectories Inspect → Score with model… re-scores. */
public enum ScoreTarget {
    /** The trajectory open in the inspector. */
    OPEN_TRAJECTORY,
    /** Every trajectory the inspector's current filter matches (all pages). */
    CURRENT_FILTER
}
