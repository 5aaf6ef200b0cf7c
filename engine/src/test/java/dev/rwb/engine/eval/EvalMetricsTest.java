package dev.rwb.engine.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The estimators against values computed by hand. */
class EvalMetricsTest {

    @Test
    void passAtKMatchesHandComputedValues() {
        // verl's case: 1 correct of 4; every 4-subset of 4 samples holds the correct one
        assertEquals(1.0, PassAtK.passAtK(4, 1, 4), 0);
        // 1 − C(3,1)/C(4,1) = 1 − 3/4
        assertEquals(0.25, PassAtK.passAtK(4, 1, 1), 1e-12);
        // 1 − C(3,2)/C(4,2) = 1 − 3/6
        assertEquals(0.5, PassAtK.passAtK(4, 1, 2), 1e-12);
        // n=10, c=3, k=2: 1 − C(7,2)/C(10,2) = 1 − 21/45
        assertEquals(1 - 21.0 / 45, PassAtK.passAtK(10, 3, 2), 1e-12);
        assertEquals(0.0, PassAtK.passAtK(10, 0, 5), 0);
        // no overflow where factorials would: n = 200, c = 1, k = 100 → 1 − 199!/(99!·100!)/C(200,100) = 100/200
        assertEquals(0.5, PassAtK.passAtK(200, 1, 100), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> PassAtK.passAtK(4, 1, 5));
    }

    @Test
    void passHatKIsAllKCorrect() {
        // C(3,2)/C(4,2) = 3/6
        assertEquals(0.5, PassAtK.passHatK(4, 3, 2), 1e-12);
        assertEquals(0.0, PassAtK.passHatK(4, 1, 2), 0);
        assertEquals(0.25, PassAtK.passHatK(4, 1, 1), 1e-12);
        // 1 of 4 correct: all 4 correct is impossible
        assertEquals(0.0, PassAtK.passHatK(4, 1, 4), 0);
        assertEquals(1.0, PassAtK.passHatK(4, 4, 4), 0);
    }

    @Test
    void majorityVoteJudgesTheMostCommonAnswer() {
        ProblemSamples p = problem("q", new String[] {"7", "7", "9", null}, true, true, false, false);
        assertEquals(1.0, MajorityVote.majAtK(p, 4, 0), 0);
        ProblemSamples wrongMajority = problem("q", new String[] {"9", "9", "7", "8"}, false, false, true, false);
        assertEquals(0.0, MajorityVote.majAtK(wrongMajority, 4, 0), 0);
        // ties go to the answer seen first
        ProblemSamples tie = problem("q", new String[] {"7", "9"}, true, false);
        assertEquals(1.0, MajorityVote.majAtK(tie, 2, 0), 0);
        // k = 1 on 4 samples: the subset estimate approaches c/n = 0.5
        double one = MajorityVote.majAtK(p, 1, 3);
        assertTrue(Math.abs(one - 0.5) < 0.1, "maj@1 ≈ mean accuracy, got " + one);
    }

    @Test
    void metricsOverProblemsWithSeededIntervals() {
        List<ProblemSamples> problems = new ArrayList<>();
        // problem a: 1 of 4 correct (verl's case); b: 4 of 4; c: 0 of 4; d: 2 of 4 with the majority right
        problems.add(problem("a", new String[] {"x", "y", "y", "z"}, true, false, false, false));
        problems.add(problem("b", new String[] {"1", "1", "1", "1"}, true, true, true, true));
        problems.add(problem("c", new String[] {"1", "2", "3", "4"}, false, false, false, false));
        problems.add(problem("d", new String[] {"5", "5", "6", "7"}, true, true, false, false));
        Map<String, Estimate> m = EvalMetrics.builder(4).optSeed(7).build().compute(problems);
        assertEquals(List.of("pass@4", "pass^4", "maj@4", "mean@4"), new ArrayList<>(m.keySet()));
        // pass@4: a 1, b 1, c 0, d 1 → 0.75
        assertEquals(0.75, m.get("pass@4").value(), 1e-12);
        // pass^4: only b → 0.25
        assertEquals(0.25, m.get("pass^4").value(), 1e-12);
        // maj@4: a votes y (wrong), b right, c (x tie → first, wrong), d 5 (right) → 0.5
        assertEquals(0.5, m.get("maj@4").value(), 1e-12);
        // mean@4: (1 + 4 + 0 + 2) / 16
        assertEquals(7.0 / 16, m.get("mean@4").value(), 1e-12);
        for (Estimate e : m.values()) {
            assertTrue(e.low() <= e.value() && e.value() <= e.high(), e.toString());
            assertTrue(e.low() >= 0 && e.high() <= 1, e.toString());
        }
        // the interval of pass@4 over these four problems: resampled means of {1,1,0,1} lie in [0, 1] and
        // a quarter of the mass is the zero; with 1000 resamples its 2.5th percentile is 0.25
        assertEquals(0.25, m.get("pass@4").low(), 1e-12);
        assertEquals(1.0, m.get("pass@4").high(), 1e-12);
        // seeded: the same seed gives the same intervals
        assertEquals(m, EvalMetrics.builder(4).optSeed(7).build().compute(problems));
        assertThrows(IllegalArgumentException.class, () -> EvalMetrics.builder(5).build().compute(problems));
    }

    private static ProblemSamples problem(String id, String[] answers, Boolean... correct) {
        return new ProblemSamples(id, Arrays.asList(answers), List.of(correct));
    }
}
