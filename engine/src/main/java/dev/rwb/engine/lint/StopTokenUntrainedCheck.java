package dev.rwb.engine.lint;

import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/**
 * The stop token that ends a model turn (EOS, {@code <|im_end|>}, …) has loss weight 0 while the
 * model's other tokens train: the model never learns to stop (trl PR #5988). A stop token is the
 * model's when the token before it is model-written. Tokens an entropy filter dropped are not
 * flagged: the filter drops low-entropy tokens by design, and the stop token often is one.
 */
public final class StopTokenUntrainedCheck implements TrajectoryCheck {
    @Override
    public List<LintFinding> check(Trajectory t, LintContext context) {
        TokenArrays a = t.tokens();
        if (!MaskedRoleTrainedCheck.trainsModelTokens(a)) {
            return List.of();
        }
        MaskPolicy policy = context.maskPolicy();
        List<Integer> at = new ArrayList<>();
        for (int i = 1; i < a.length(); i++) {
            boolean modelStop = SpecialTokens.isStop(a.tokenText()[i]) && a.roles()[i - 1].isModelWritten();
            boolean filtered = policy != null && policy.hasEntropyFilter() && policy.weight(a.roles()[i]) > 0;
            if (modelStop && a.lossWeights()[i] == 0f && !filtered) {
                at.add(i);
            }
        }
        if (at.isEmpty()) {
            return List.of();
        }
        return List.of(new LintFinding(t.id(), LintCode.STOP_TOKEN_UNTRAINED, at,
                "stop token '" + a.tokenText()[at.get(0)] + "' at " + Positions.describe(at)
                        + " is outside the loss while the model's other tokens train: the model never learns to stop"));
    }
}
