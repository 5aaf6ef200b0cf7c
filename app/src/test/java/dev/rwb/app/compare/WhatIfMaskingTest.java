package dev.rwb.app.compare;

import dev.rwb.engine.rl.ContributionCalculator;
import dev.rwb.engine.rl.Contributions;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.RecoveredUpdate;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WhatIfMaskingTest {
    /** A trajectory whose contributions were computed by the engine with known ratios. */
    static TokenArrays stored(float[] trueRatios) {
        TokenArrays.Builder b = TokenArrays.builder();
        b.add(0, "Q", Role.PROMPT, 0);
        for (int i = 0; i < 4; i++) {
            b.add(1 + i, "r" + i, Role.REASONING, 0, 1f, -1f, -1f, 1f, 0.5f, 0f, false);
        }
        // The tool response's advantage was never recorded (it was masked): what-if fills in the response's.
        b.add(5, "<info>", Role.TOOL_RESPONSE, 1, 0f, Float.NaN, Float.NaN, Float.NaN, Float.NaN, 0f, false);
        b.add(6, "ans", Role.ANSWER, 1, 1f, -1f, -1f, 1f, 0.5f, 0f, false);
        TokenArrays raw = b.build();
        float[] w = MaskPolicy.SEARCH_R1.weights(raw);
        Contributions c = ContributionCalculator.builder().build().compute(raw, w, trueRatios);
        return raw.withUpdate(w, c.contributions(), c.clipped());
    }

    @Test
    void recoversRatiosWhenTheMedianTokenIsOnPolicy() {
        float[] rho = {1, 1, 1.1f, 1, 0.9f, 1, 1};
        RecoveredUpdate est = RecoveredUpdate.of(stored(rho), ContributionCalculator.builder().build());
        assertEquals(5, est.derived());
        assertEquals(5.0, est.normaliser(), 1e-5, "N = Σ w of the trajectory it was computed on");
        assertEquals(1.1f, est.ratios()[2], 1e-5);
        assertEquals(0.9f, est.ratios()[4], 1e-5);
        assertEquals(1f, est.ratios()[5], 0, "masked tool response: assumed 1");
    }

    @Test
    void unmaskingTheToolResponseGivesItAContributionAndDilutesTheOthers() {
        TokenArrays t = stored(ContributionCalculator.onPolicyRatios(7));
        WhatIfMasking w = WhatIfMasking.of(t, MaskPolicy.NO_MASKING, ContributionCalculator.builder().build());
        // before: N = 5 weighted tokens, c = 0.5/5; after: N = 6, c = 0.5/6
        assertEquals(0.1f, w.before().contributions()[1], 1e-6);
        assertEquals(0.5f / 6, w.after().contributions()[1], 1e-6);
        assertEquals(0.5f / 6, w.after().contributions()[5], 1e-6);
        assertEquals(0.5f / 6, w.difference()[5], 1e-6);
        assertTrue(w.difference()[1] < 0);
        assertEquals(0f, w.difference()[0], 0, "the prompt trains under neither");
        assertEquals(1, w.filledAdvantages());
    }
}
