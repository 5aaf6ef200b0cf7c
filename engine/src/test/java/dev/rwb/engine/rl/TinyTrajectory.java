package dev.rwb.engine.rl;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;

/** A hand-made 8-token trajectory covering every role, for hand-computed tables. */
final class TinyTrajectory {
    static final Role[] ROLES = {Role.SYSTEM, Role.PROMPT, Role.REASONING, Role.TOOL_CALL,
            Role.TOOL_RESPONSE, Role.REASONING, Role.ANSWER, Role.PAD};

    private TinyTrajectory() {
    }

    /** Entropies 2, 0.5, 1.5, –, 3, 0.1 on the model tokens; all advantages = {@code advantage}. */
    static TokenArrays build(float advantage) {
        float nan = Float.NaN;
        float[] entropy = {nan, nan, 2f, 0.5f, nan, 1.5f, 3f, nan};
        float[] logp = {nan, nan, -0.5f, -1f, nan, -2f, -0.1f, nan};
        float[] ref = {nan, nan, -0.6f, -1f, nan, -1.5f, -0.1f, nan};
        TokenArrays.Builder b = TokenArrays.builder();
        for (int i = 0; i < ROLES.length; i++) {
            b.add(i, "t" + i, ROLES[i], i < 4 ? 0 : 1, 0f, logp[i], ref[i], entropy[i], advantage, 0f, false);
        }
        return b.build();
    }
}
