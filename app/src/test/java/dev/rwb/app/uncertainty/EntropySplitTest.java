package dev.rwb.app.uncertainty;

import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntropySplitTest {
    static TokenArrays tokens(Object... roleEntropy) {
        TokenArrays.Builder b = TokenArrays.builder();
        for (int i = 0; i < roleEntropy.length; i += 2) {
            Role r = (Role) roleEntropy[i];
            float h = ((Number) roleEntropy[i + 1]).floatValue();
            b.add(i, "t", r, 0, 1f, -1f, -1f, h, 0f, 0f, false);
        }
        return b.build();
    }

    @Test
    void splitsTheKModelTokensBeforeEachToolCallStart() {
        TokenArrays t = tokens(Role.PROMPT, 9, Role.REASONING, 1, Role.REASONING, 3, Role.REASONING, 5,
                Role.TOOL_CALL, 0.5, Role.TOOL_CALL, 0.5, Role.TOOL_RESPONSE, 9, Role.REASONING, 2, Role.TOOL_CALL, 0.5,
                Role.ANSWER, 1);
        EntropySplit s = new EntropySplit();
        s.add(t, 2);
        // before the first call: entropies 3 and 5; before the second: the tool response (not model) and 2
        assertEquals(3, s.beforeCount());
        assertEquals((3 + 5 + 2) / 3.0, s.meanBefore(), 1e-9);
        // elsewhere: 1, the three tool-call tokens (0.5 each) and the answer (1); prompt/tool response excluded
        assertEquals(5, s.elsewhereCount());
        assertEquals((1 + 0.5 * 3 + 1) / 5.0, s.meanElsewhere(), 1e-9);
    }

    @Test
    void noToolCallsMeansNoBeforeTokensAndStepsAreSeparate() {
        Trajectory a = traj(0, tokens(Role.REASONING, 2, Role.ANSWER, 4));
        Trajectory b = traj(1, tokens(Role.REASONING, 2, Role.TOOL_CALL, 1));
        UncertaintyByStep u = UncertaintyByStep.of(List.of(a, b), 4);
        assertTrue(Double.isNaN(u.steps().get(0).meanBefore()));
        assertEquals(3, u.steps().get(0).meanElsewhere(), 1e-9);
        assertEquals(2, u.steps().get(1).meanBefore(), 1e-9);
        assertEquals(1, u.total().beforeCount());
    }

    static Trajectory traj(int step, TokenArrays t) {
        return new Trajectory(0, "r", step, "p", "g", 0, "arithmetic", "1", "1", 1, null, true, FinishReason.STOP, 0,
                false, null, t);
    }
}
