package dev.rwb.engine.rl;

import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaskPolicyTest {
    // roles:                          SYSTEM PROMPT REASON TOOL_CALL TOOL_RESP REASON ANSWER PAD
    private static final float[] SEARCH_R1 = {0, 0, 1, 1, 0, 1, 1, 0};
    private static final float[] NO_MASKING = {0, 0, 1, 1, 1, 1, 1, 0};
    private static final float[] ANSWER_ONLY = {0, 0, 0, 0, 0, 0, 1, 0};

    private final TokenArrays tiny = TinyTrajectory.build(1f);

    @Test
    void presetsGiveTheirWeightTables() {
        assertArrayEquals(SEARCH_R1, MaskPolicy.SEARCH_R1.weights(tiny));
        assertArrayEquals(NO_MASKING, MaskPolicy.NO_MASKING.weights(tiny));
        assertArrayEquals(ANSWER_ONLY, MaskPolicy.ANSWER_ONLY.weights(tiny));
    }

    @Test
    void customWeightsPerRole() {
        MaskPolicy half = MaskPolicy.builder("half-tools").weight(Role.REASONING, 1).weight(Role.TOOL_RESPONSE, 0.5f)
                .weight(Role.ANSWER, 2).build();
        assertArrayEquals(new float[]{0, 0, 1, 0, 0.5f, 1, 2, 0}, half.weights(tiny));
    }

    @Test
    void entropyFilterKeepsTopFractionOfModelTokens() {
        // model-token entropies: idx2=2, idx3=0.5, idx5=1.5, idx6=3 → top ⌈0.5·4⌉ = 2: idx6, idx2
        MaskPolicy filtered = MaskPolicy.NO_MASKING.toBuilder().entropyTopFraction(0.5).build();
        assertArrayEquals(new float[]{0, 0, 1, 0, 0, 0, 1, 0}, filtered.weights(tiny));
        // ⌈0.6·4⌉ = 3 → also idx5 (1.5); the tool response (no entropy, not sampled) stays out
        MaskPolicy sixty = MaskPolicy.NO_MASKING.toBuilder().entropyTopFraction(0.6).build();
        assertArrayEquals(new float[]{0, 0, 1, 0, 0, 1, 1, 0}, sixty.weights(tiny));
        assertThrows(IllegalArgumentException.class, () -> MaskPolicy.builder("x").entropyTopFraction(0));
    }

    @Test
    void presetsAreListedInMenuOrder() {
        assertFalse(MaskPolicy.SEARCH_R1.hasEntropyFilter());
        assertThrows(IllegalArgumentException.class, () -> MaskPolicy.builder("n").weight(Role.ANSWER, -1));
        assertEquals(3, MaskPolicy.PRESETS.size());
        assertEquals(List.of("search-r1", "no-masking", "answer-only"),
                MaskPolicy.PRESETS.stream().map(MaskPolicy::name).toList());
    }
}
