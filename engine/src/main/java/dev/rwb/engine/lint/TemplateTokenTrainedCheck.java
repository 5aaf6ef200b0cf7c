package dev.rwb.engine.lint;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;

/**
 * Chat-template or special tokens with loss weight &gt; 0 (RAGEN #141 trained {@code <|im_start|>}):
 * the template inserts them, so training on them teaches the policy nothing and skews the token mean.
 * A stop token counts as template when it closes a turn the model did not write (a user or tool turn).
 */
public final class TemplateTokenTrainedCheck implements TrajectoryCheck {
    @Override
    public List<LintFinding> check(Trajectory t, LintContext context) {
        TokenArrays a = t.tokens();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < a.length(); i++) {
            if (a.lossWeights()[i] > 0 && (SpecialTokens.isTemplate(a.tokenText()[i]) || closesForeignTurn(a, i))) {
                at.add(i);
            }
        }
        if (at.isEmpty()) {
            return List.of();
        }
        return List.of(new LintFinding(t.id(), LintCode.TEMPLATE_TOKEN_TRAINED, at,
                "template token '" + a.tokenText()[at.get(0)] + "' at " + Positions.describe(at)
                        + " is in the loss: the chat template writes it, so its gradient trains the scaffold, "
                        + "not the policy"));
    }

    private static boolean closesForeignTurn(TokenArrays a, int i) {
        return SpecialTokens.isStop(a.tokenText()[i]) && !a.roles()[i].isModelWritten()
                && (i == 0 || !a.roles()[i - 1].isModelWritten());
    }
}
