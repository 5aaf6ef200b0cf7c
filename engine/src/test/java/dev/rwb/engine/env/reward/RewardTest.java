package dev.rwb.engine.env.reward;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RewardTest {
    @Test
    void normalisedExactMatchTable() {
        String[][] same = {
                {"1,000", "1000"}, {"1000.0", "1000"}, {"1,000.50", "1000.5"}, {"The Paris.", "paris"},
                {"  Port   Alden ", "port alden"}, {"-0.50", "-.5"}, {"an Apple", "apple"}, {"Norvania!", "NORVANIA"},
                {"42.", "42"}, {"0.0", "0"}, {"O'Brien", "obrien"}};
        for (String[] p : same) {
            assertTrue(AnswerNormalizer.matches(p[0], p[1]), p[0] + " = " + p[1]);
        }
        String[][] different = {
                {"1001", "1000"}, {"Port Alden", "Alden"}, {"Aldenford", "Alden"}, {"", ""},
                {"the", "the"}, {"100", "1000"}, {"-5", "5"}};
        for (String[] p : different) {
            assertFalse(AnswerNormalizer.matches(p[0], p[1]), p[0] + " != " + p[1]);
        }
    }

    @Test
    void formatCheckTable() {
        assertTrue(FormatCheck.isWellFormed("<think>a</think><search>q</search><information>i</information><answer>x</answer>"));
        assertTrue(FormatCheck.isWellFormed("<answer>x</answer><eos>"));
        assertTrue(FormatCheck.isWellFormed("ok <answer>x</answer>\n"));
        assertFalse(FormatCheck.isWellFormed("<think>a<answer>x</answer></think>"));
        assertFalse(FormatCheck.isWellFormed("<answer>x</answer><answer>y</answer>"));
        assertFalse(FormatCheck.isWellFormed("<think>a</think>"));
        assertFalse(FormatCheck.isWellFormed("</search><answer>x</answer>"));
        assertFalse(FormatCheck.isWellFormed("<answer>x</answer> and more"));
        assertFalse(FormatCheck.isWellFormed("<answer>x"));
    }

    @Test
    void kimiLengthPenaltyFollowsTheFormula() {
        // lengths 10, 20, 30: λ = 0.5, 0, −0.5; wrong answers keep only the negative part.
        assertArrayEquals(new double[] {0.5, 0.0, -0.5},
                KimiLengthPenalty.compute(new int[] {10, 20, 30}, new boolean[] {true, true, true}), 1e-12);
        assertArrayEquals(new double[] {0.0, 0.0, -0.5},
                KimiLengthPenalty.compute(new int[] {10, 20, 30}, new boolean[] {false, false, false}), 1e-12);
        assertArrayEquals(new double[] {0, 0}, KimiLengthPenalty.compute(new int[] {7, 7}, new boolean[] {true, false}));
    }

    @Test
    void dapoOverlongShaping() {
        DapoOverlongPenalty p = new DapoOverlongPenalty(100, 20);
        assertEquals(0, p.apply(80));
        assertEquals(-0.5, p.apply(90), 1e-12);
        assertEquals(-1, p.apply(100), 1e-12);
        assertEquals(-1, p.apply(101));
    }

    @Test
    void compositeComponentsSumToTotal() {
        RewardWeights w = RewardWeights.defaults().withLengthPenalty(0.2).withOverlong(1.0, 100, 20);
        List<ScoredResponse> s = new CompositeReward(w).scoreGroup(List.of(
                new CompositeReward.Response(Verdict.of(true), "<answer>x</answer>", 10),
                new CompositeReward.Response(Verdict.of(false), "<answer>y", 90)));
        assertEquals(1.0, s.get(0).components().get("correctness"));
        assertEquals(0.1, s.get(0).components().get("format"));
        assertEquals(0.1, s.get(0).components().get("length_penalty"), 1e-12);
        assertEquals(0.0, s.get(0).components().get("overlong"));
        assertEquals(1.2, s.get(0).total(), 1e-12);
        assertEquals(0.0, s.get(1).components().get("format"));
        assertEquals(-0.1, s.get(1).components().get("length_penalty"), 1e-12);
        assertEquals(-0.5, s.get(1).components().get("overlong"), 1e-12);
        assertEquals(-0.6, s.get(1).total(), 1e-12);
    }
}
