package dev.rwb.engine.palette;

/**
 * Which tokens a signed heat scale (contribution, advantage) is stretched over. One scale per
 * run is the default, so the same colour means the same value in every trajectory of the run;
 * the narrower scopes show the structure inside a group or a trajectory, at the price of that
 * comparison.
 */
public enum ScaleScope {
    /** ± the largest |value| over every trajectory of the run. */
    RUN("one scale per run"),
    /** ± the largest |value| over the trajectory's prompt group. */
    GROUP("per group"),
    /** ± the largest |value| of this trajectory alone. */
    TRAJECTORY("per trajectory");

    private final String label;

    ScaleScope(String label) {
        this.label = label;
    }

    /** The words of the scale chooser and the legend. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
