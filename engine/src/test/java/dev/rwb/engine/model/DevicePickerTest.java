package dev.rwb.engine.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device picker gives the Java sampler's picks: the same tokens (greedy and seeded temperature
 * sampling, the same RNG draws), log-probs and entropies within float32 rounding (1e-4), across
 * ragged prompts, an appended observation and idle sequences.
 */
class DevicePickerTest {
    private static GptPolicy policy;

    @BeforeAll
    static void model() {
        policy = TestModels.policy(TestModels.tinyConfig().build());
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    @Test
    void greedyPicksMatchTheJavaSampler() {
        assertSame(SamplingParams.greedy());
    }

    @Test
    void seededTemperatureSamplingMatchesTheJavaSampler() {
        assertSame(SamplingParams.of(1f, 41));
        assertSame(SamplingParams.of(0.7f, 5));
    }

    private static void assertSame(SamplingParams params) {
        List<List<Generation>> java = run(params, false);
        List<List<Generation>> device = run(params, true);
        int tokens = 0;
        for (int turn = 0; turn < java.size(); turn++) {
            for (int b = 0; b < java.get(turn).size(); b++) {
                Generation j = java.get(turn).get(b);
                Generation d = device.get(turn).get(b);
                assertArrayEquals(j.tokenIds(), d.tokenIds(), params + " turn " + turn + " row " + b);
                for (int i = 0; i < j.tokenIds().length; i++) {
                    assertEquals(j.logprobs()[i], d.logprobs()[i], 1e-4);
                    assertEquals(j.entropies()[i], d.entropies()[i], 1e-4);
                }
                tokens += j.tokenIds().length;
            }
        }
        assertTrue(tokens > 20, "only " + tokens + " tokens compared");
    }

    /** Two turns of 6 tokens over 4 ragged prompts; row 2 idles in the second turn. */
    private static List<List<Generation>> run(SamplingParams params, boolean onDevice) {
        Random random = new Random(11);
        List<int[]> prompts = new ArrayList<>();
        for (int n : new int[] {3, 8, 1, 5}) {
            prompts.add(TestModels.randomTokens(random, n));
        }
        List<List<Generation>> turns = new ArrayList<>();
        try (GenerationSession s = CachedGeneration.start(policy.model(), policy.manager(), TestModels.TOKENIZER.padId(),
                prompts, params, onDevice)) {
            turns.add(s.generate(new boolean[] {true, true, true, true}, 6, Set.of()));
            s.append(0, TestModels.randomTokens(random, 4));
            s.append(3, TestModels.randomTokens(random, 2));
            turns.add(s.generate(new boolean[] {true, true, false, true}, 6, Set.of()));
        }
        return turns;
    }
}
