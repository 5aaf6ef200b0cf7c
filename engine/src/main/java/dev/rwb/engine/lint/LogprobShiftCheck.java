package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The policy logprob array is shifted by one against the token ids (rllm #816: an off-by-one pushed
 * the inference KL to ~60). The policy and the reference are close, so a shifted array matches the
 * reference one position over much better than in place; and a shift that restarts at each turn
 * shows as the two disagreeing at every turn start while agreeing elsewhere.
 */
public final class LogprobShiftCheck implements TrajectoryCheck {
    /** Pairs needed before a mean difference means anything. */
    static final int MIN_PAIRS = 8;
    /** Mean |Δ| in nats below which the arrays already agree (nothing to explain). */
    static final double AGREE = 0.3;
    /** A turn start disagrees when |Δ| there exceeds this many nats. */
    static final double TURN_START_GAP = 2.0;

    @Override
    public List<LintFinding> check(Trajectory t, LintContext context) {
        TokenArrays a = t.tokens();
        float[] lp = a.logprobs();
        float[] ref = a.refLogprobs();
        int n = a.length();
        boolean[] known = new boolean[n];
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            known[i] = a.roles()[i].isModelWritten() && Float.isFinite(lp[i]) && Float.isFinite(ref[i]);
            if (known[i] && (i == 0 || !known[i - 1])) {
                starts.add(i);
            }
        }
        double[] aligned = meanGap(lp, ref, known, 0);
        double[] earlier = meanGap(lp, ref, known, -1);
        double[] later = meanGap(lp, ref, known, 1);
        if (aligned[1] < MIN_PAIRS || aligned[0] <= AGREE) {
            return List.of();
        }
        double best = Math.min(earlier[1] >= MIN_PAIRS ? earlier[0] : Double.MAX_VALUE,
                later[1] >= MIN_PAIRS ? later[0] : Double.MAX_VALUE);
        if (best < 0.25 * aligned[0]) {
            String dir = earlier[0] <= later[0] ? "one position earlier" : "one position later";
            return List.of(new LintFinding(t.id(), LintCode.LOGPROB_SHIFTED, starts, String.format(Locale.ROOT,
                    "logprobs match ref_logprob %s (mean |Δ| %.3f) far better than in place (%.3f): the array is "
                            + "shifted by one against the ids, so ratios and KL compare different tokens",
                    dir, best, aligned[0])));
        }
        return turnStartGap(t, lp, ref, known, starts);
    }

    private static List<LintFinding> turnStartGap(Trajectory t, float[] lp, float[] ref, boolean[] known,
                                                  List<Integer> starts) {
        if (starts.size() < 2) {
            return List.of();
        }
        double startGap = 0;
        for (int s : starts) {
            startGap += Math.abs(lp[s] - ref[s]) / starts.size();
        }
        double rest = 0;
        int count = 0;
        for (int i = 0; i < known.length; i++) {
            if (known[i] && !starts.contains(i)) {
                rest += Math.abs(lp[i] - ref[i]);
                count++;
            }
        }
        rest = count == 0 ? 0 : rest / count;
        if (count < MIN_PAIRS || startGap < TURN_START_GAP || rest > AGREE) {
            return List.of();
        }
        return List.of(new LintFinding(t.id(), LintCode.LOGPROB_SHIFTED, starts, String.format(Locale.ROOT,
                "logprob and ref_logprob differ by %.2f nats at every turn start but %.3f elsewhere: the logprobs "
                        + "are off by one at turn boundaries, which inflates the KL and the ratios there",
                startGap, rest)));
    }

    /** {mean |lp[i] − ref[i+offset]|, pair count} over known tokens whose partner is known. */
    private static double[] meanGap(float[] lp, float[] ref, boolean[] known, int offset) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < lp.length; i++) {
            int j = i + offset;
            if (known[i] && j >= 0 && j < lp.length && known[j]) {
                sum += Math.abs(lp[i] - ref[j]);
                count++;
            }
        }
        return new double[] {count == 0 ? 0 : sum / count, count};
    }
}
