package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/**
 * A dump's stated {@code response_length} differs from Σ mask, the number of tokens in the loss
 * (OpenRLHF #1243 counted tool tokens as response length, so the overlong penalty fired falsely).
 * Only dumps that state a length can be checked: the verl and TRL importers keep a stated
 * {@code response_length} (TRL: also {@code completion_length}) under {@link #STATED_KEY} among the
 * dump's per-sample diagnostics in the reward components, never summed into the reward.
 */
public final class ResponseLengthCheck implements TrajectoryCheck {
    /** The reward-component key under which importers keep a dump's stated response length. */
    public static final String STATED_KEY = "response_length";

    @Override
    public List<LintFinding> check(Trajectory t, LintContext context) {
        Double stated = t.rewardComponents().get(STATED_KEY);
        if (stated == null || !Double.isFinite(stated) || stated != Math.rint(stated)) {
            return List.of();
        }
        return check(t, (int) Math.round(stated));
    }

    /** The finding when {@code statedLength} ≠ Σ mask, else none; positions are the responses's masked tokens. */
    public List<LintFinding> check(Trajectory t, int statedLength) {
        TokenArrays a = t.tokens();
        int inLoss = 0;
        List<Integer> outside = new ArrayList<>();
        int start = t.promptLength();
        for (int i = 0; i < a.length(); i++) {
            if (a.lossWeights()[i] > 0) {
                inLoss++;
            } else if (i >= start) {
                outside.add(i);
            }
        }
        if (inLoss == statedLength) {
            return List.of();
        }
        String why = statedLength == t.responseLength()
                ? " (it equals the response span, masked tool tokens included)" : "";
        return List.of(new LintFinding(t.id(), LintCode.RESPONSE_LENGTH_MISMATCH,
                statedLength > inLoss ? outside : List.of(),
                "response_length " + statedLength + " ≠ Σ mask " + inLoss + why
                        + ": length penalties and overlong filters then fire on tokens the model did not write"));
    }
}
