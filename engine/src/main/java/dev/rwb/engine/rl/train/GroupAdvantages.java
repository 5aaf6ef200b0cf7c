package dev.rwb.engine.rl.train;

import dev.rwb.engine.rl.algo.AdvantageEstimator;

import java.util.Arrays;
import java.util.List;

/**
 * The advantages of one step's groups, and which groups train. A group whose advantages are all
 * exactly 0 (every reward equal: the estimators return exact zeros) is counted as a zero-advantage
 * group; with dynamic sampling (DAPO) a group whose rewards are all equal is dropped.
 *
 * @param values A per sample, one array per group
 * @param trained per group: whether its samples go into the update
 * @param zeroGroups groups whose advantages are all exactly 0
 * @param dropped groups left out by dynamic sampling
 */
record GroupAdvantages(List<double[]> values, boolean[] trained, int zeroGroups, int dropped) {

    /**
     * @param negate the learning test's sabotage switch: A ← −A pushes every update the wrong way
     */
    static GroupAdvantages of(AdvantageEstimator estimator, List<double[]> groupRewards, boolean negate,
                              boolean dynamicSampling) {
        List<double[]> adv = estimator.advantages(groupRewards);
        if (negate) {
            adv = adv.stream().map(a -> Arrays.stream(a).map(x -> x == 0 ? 0 : -x).toArray()).toList();
        }
        boolean[] trained = new boolean[adv.size()];
        int zero = 0;
        int dropped = 0;
        for (int p = 0; p < adv.size(); p++) {
            zero += Arrays.stream(adv.get(p)).allMatch(a -> a == 0) ? 1 : 0;
            boolean allEqual = Arrays.stream(groupRewards.get(p)).distinct().count() == 1;
            trained[p] = !(dynamicSampling && allEqual);
            dropped += trained[p] ? 0 : 1;
        }
        return new GroupAdvantages(adv, trained, zero, dropped);
    }

    /** The advantage of sample k of group p. */
    double of(int group, int sample) {
        return values.get(group)[sample];
    }

    /** zero-advantage groups / groups (0 for an empty step). */
    double zeroShare() {
        return values.isEmpty() ? 0 : (double) zeroGroups / values.size();
    }
}
