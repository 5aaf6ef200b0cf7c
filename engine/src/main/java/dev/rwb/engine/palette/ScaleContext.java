package dev.rwb.engine.palette;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.List;

/**
 * What a signed heat scale needs to know beyond the trajectory it colours: the largest
 * |advantage| and |contribution| of its run and of its prompt group, and whether the group had
 * any reward signal at all. NaN marks a range that is not known (the scale then falls back to the
 * trajectory and its legend says so).
 *
 * @param run the run's name (for the legend), empty when not known
 * @param runMaxAbsAdvantage max |A_t| over the unmasked tokens of every trajectory of the run
 * @param runMaxAbsContribution max |c_t| over the unmasked tokens of every trajectory of the run
 * @param groupMaxAbsAdvantage the same over the trajectory's prompt group
 * @param groupMaxAbsContribution the same over the trajectory's prompt group
 * @param groupSize samples in the group (0 when not known)
 * @param groupRewardsEqual true when the group has at least two samples and all their rewards are equal
 */
public record ScaleContext(String run, double runMaxAbsAdvantage, double runMaxAbsContribution,
                           double groupMaxAbsAdvantage, double groupMaxAbsContribution, int groupSize,
                           boolean groupRewardsEqual) {
    /** Nothing known beyond the trajectory itself. */
    public static final ScaleContext UNKNOWN = new ScaleContext("", Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            0, false);

    /**
     * The context of one trajectory: its run's ranges (from the store) and its group, whose
     * ranges and rewards are read from the loaded members.
     */
    public static ScaleContext of(String run, double runMaxAbsAdvantage, double runMaxAbsContribution,
                                  List<Trajectory> group) {
        double adv = 0;
        double contribution = 0;
        double firstReward = Double.NaN;
        boolean equal = group.size() >= 2;
        for (Trajectory t : group) {
            TokenArrays a = t.tokens();
            adv = Math.max(adv, maxAbs(a.advantages(), a.lossWeights()));
            contribution = Math.max(contribution, maxAbs(a.contributions(), a.lossWeights()));
            if (Double.isNaN(firstReward)) {
                firstReward = t.reward();
            } else if (Double.compare(firstReward, t.reward()) != 0) {
                equal = false;
            }
        }
        return new ScaleContext(run, runMaxAbsAdvantage, runMaxAbsContribution, group.isEmpty() ? Double.NaN : adv,
                group.isEmpty() ? Double.NaN : contribution, group.size(), equal);
    }

    /** The run's largest |value| of a signed mode (NaN when unknown or for an unsigned mode). */
    public double runMaxAbs(ColorMode mode) {
        return switch (mode) {
            case ADVANTAGE -> runMaxAbsAdvantage;
            case CONTRIBUTION -> runMaxAbsContribution;
            default -> Double.NaN;
        };
    }

    /** The group's largest |value| of a signed mode (NaN when unknown or for an unsigned mode). */
    public double groupMaxAbs(ColorMode mode) {
        return switch (mode) {
            case ADVANTAGE -> groupMaxAbsAdvantage;
            case CONTRIBUTION -> groupMaxAbsContribution;
            default -> Double.NaN;
        };
    }

    /**
     * The largest |v| over the tokens with a positive loss weight and a finite value; masked tokens
     * are never heat-coloured, so they must not stretch a scale. 0 when there is none.
     */
    public static double maxAbs(float[] values, float[] weights) {
        double m = 0;
        for (int i = 0; i < values.length; i++) {
            if (weights[i] > 0f && Float.isFinite(values[i])) {
                m = Math.max(m, Math.abs(values[i]));
            }
        }
        return m;
    }
}
