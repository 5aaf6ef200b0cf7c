package dev.rwb.engine.lint;

import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prompt, system, pad or tool-response tokens with loss weight &gt; 0 although the run's mask policy
 * gives their role weight 0 (RAGEN #71 trained only the observations). Without a policy on record,
 * prompt, system and pad tokens are never meant to train, and tool responses are flagged only when
 * they train while no model-written token does (the inverted mask of RAGEN #71).
 */
public final class MaskedRoleTrainedCheck implements TrajectoryCheck {
    private static final List<Role> NOT_SAMPLED = List.of(Role.SYSTEM, Role.PROMPT, Role.TOOL_RESPONSE, Role.PAD,
            Role.TEMPLATE);

    @Override
    public List<LintFinding> check(Trajectory t, LintContext context) {
        TokenArrays a = t.tokens();
        List<LintFinding> out = new ArrayList<>();
        boolean modelTrains = trainsModelTokens(a);
        for (Role role : NOT_SAMPLED) {
            if (!masked(role, context.maskPolicy(), modelTrains)) {
                continue;
            }
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < a.length(); i++) {
                if (a.roles()[i] == role && a.lossWeights()[i] > 0) {
                    at.add(i);
                }
            }
            if (!at.isEmpty()) {
                // without a policy on record only prompt/system/pad are masked by every preset; a tool
                // response is flagged then because nothing model-written trains (said below)
                String preset = context.maskPolicy() != null ? "mask policy '" + context.maskPolicy().name() + "'"
                        : role == Role.TOOL_RESPONSE ? "the model's own tokens are masked" : "every mask policy";
                out.add(new LintFinding(t.id(), LintCode.MASKED_ROLE_TRAINED, at,
                        role.name().toLowerCase(Locale.ROOT) + " tokens at " + Positions.describe(at)
                                + " have loss weight > 0 though " + preset
                                + (preset.startsWith("the model") ? "" : " masks them") + ": the policy is "
                                + "trained to imitate text it never sampled"
                                + (modelTrains ? "" : ", and no model-written token trains (inverted mask)")));
            }
        }
        return out;
    }

    private static boolean masked(Role role, MaskPolicy policy, boolean modelTrains) {
        if (policy != null) {
            return policy.weight(role) == 0f;
        }
        return role != Role.TOOL_RESPONSE || !modelTrains;
    }

    static boolean trainsModelTokens(TokenArrays a) {
        for (int i = 0; i < a.length(); i++) {
            if (a.roles()[i].isModelWritten() && a.lossWeights()[i] > 0) {
                return true;
            }
        }
        return false;
    }
}
