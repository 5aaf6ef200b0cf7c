package dev.rwb.engine.model;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The KV-cache sampler against teacher-forced scoring and the recomputing sampler. */
class GptSamplingTest {
    private static GptPolicy policy;

    @BeforeAll
    static void model() {
        policy = TestModels.policy(TestModels.tinyConfig().build());
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    private static List<int[]> prompts(long seed, int... lengths) {
        Random random = new Random(seed);
        List<int[]> prompts = new ArrayList<>();
        for (int n : lengths) {
            prompts.add(TestModels.randomTokens(random, n));
        }
        return prompts;
    }

    private static boolean[] all(int n) {
        boolean[] a = new boolean[n];
        java.util.Arrays.fill(a, true);
        return a;
    }

    @ParameterizedTest
    @EnumSource(PositionEncoding.class)
    void kvLogprobsEqualTeacherForcedScoresAcrossAnAppendedObservation(PositionEncoding positions) {
        try (GptPolicy p = TestModels.policy(TestModels.tinyConfig().positions(positions).build())) {
            List<int[]> prompts = prompts(3, 5, 1, 11, 8);
            int[][] observations = {{4, 5, 6}, {}, {7}, {8, 9, 10, 11, 12}};
            List<int[]> full = new ArrayList<>(prompts);
            List<List<int[]>> sampledRanges = new ArrayList<>();
            List<List<Generation>> turns = new ArrayList<>();
            try (GenerationSession s = p.start(prompts, SamplingParams.of(1f, 42))) {
                for (int turn = 0; turn < 2; turn++) {
                    List<Generation> gens = s.generate(all(4), 6 + 3 * turn, Set.of());
                    turns.add(gens);
                    List<int[]> ranges = new ArrayList<>();
                    for (int b = 0; b < 4; b++) {
                        int start = full.get(b).length;
                        full.set(b, concat(full.get(b), gens.get(b).tokenIds()));
                        ranges.add(new int[] {start, full.get(b).length});
                        if (turn == 0) {
                            s.append(b, observations[b]);
                            full.set(b, concat(full.get(b), observations[b]));
                        }
                        assertEquals(full.get(b).length, s.length(b));
                    }
                    sampledRanges.add(ranges);
                }
            }
            float[][][] scores = p.scoring().score(p.manager(), full);
            for (int turn = 0; turn < 2; turn++) {
                for (int b = 0; b < 4; b++) {
                    Generation g = turns.get(turn).get(b);
                    int start = sampledRanges.get(turn).get(b)[0];
                    assertEquals(6 + 3 * turn, g.tokenIds().length);
                    for (int i = 0; i < g.tokenIds().length; i++) {
                        assertEquals(scores[b][0][start + i], g.logprobs()[i], 1e-4, "logprob turn " + turn + " seq " + b + " token " + i);
                        assertEquals(scores[b][1][start + i], g.entropies()[i], 1e-4, "entropy turn " + turn + " seq " + b + " token " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(PositionEncoding.class)
    void kvLogprobsEqualTeacherForcedScoresAcrossRaggedAppendsAndIdleSequences(PositionEncoding positions) {
        // turn × sequence: observation lengths differ per sequence and per turn; -1 = idle that turn
        int[][] observationLengths = {{7, 0, 2, 5, 1}, {0, 9, -1, 3, -1}, {4, -1, -1, 6, -1}, {-1, -1, 1, -1, 8}};
        int batch = 5;
        Random random = new Random(23);
        try (GptPolicy p = TestModels.policy(TestModels.tinyConfig().positions(positions).build())) {
            List<int[]> prompts = prompts(29, 3, 9, 1, 6, 4);
            List<int[]> full = new ArrayList<>(prompts);
            List<int[]> starts = new ArrayList<>();
            List<Generation> gens = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            try (GenerationSession s = p.start(prompts, SamplingParams.of(1f, 77))) {
                for (int[] lengths : observationLengths) {
                    boolean[] active = new boolean[batch];
                    for (int b = 0; b < batch; b++) {
                        active[b] = lengths[b] >= 0;
                    }
                    List<Generation> turn = s.generate(active, 4, Set.of());
                    for (int b = 0; b < batch; b++) {
                        if (!active[b]) {
                            assertEquals(0, turn.get(b).tokenIds().length);
                            continue;
                        }
                        starts.add(new int[] {b, full.get(b).length});
                        gens.add(turn.get(b));
                        owners.add(b);
                        full.set(b, concat(full.get(b), turn.get(b).tokenIds()));
                        int[] observation = TestModels.randomTokens(random, lengths[b]);
                        s.append(b, observation);
                        full.set(b, concat(full.get(b), observation));
                        assertEquals(full.get(b).length, s.length(b));
                    }
                }
            }
            float[][][] scores = p.scoring().score(p.manager(), full);
            for (int i = 0; i < gens.size(); i++) {
                int b = starts.get(i)[0];
                int start = starts.get(i)[1];
                Generation g = gens.get(i);
                assertEquals(4, g.tokenIds().length);
                for (int j = 0; j < g.tokenIds().length; j++) {
                    assertEquals(scores[b][0][start + j], g.logprobs()[j], 1e-4, "logprob stretch " + i + " seq " + b + " token " + j);
                    assertEquals(scores[b][1][start + j], g.entropies()[j], 1e-4, "entropy stretch " + i + " seq " + b + " token " + j);
                }
            }
        }
    }

    private static int[] concat(int[] a, int[] b) {
        return IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();
    }

    @Test
    void greedyWithCacheEqualsGreedyRecomputation() {
        List<int[]> prompts = prompts(5, 4, 9, 2);
        List<Generation> cached;
        List<Generation> naive;
        try (GenerationSession s = policy.start(prompts, SamplingParams.greedy())) {
            cached = s.generate(all(3), 20, Set.of());
        }
        try (GenerationSession s = policy.startWithoutCache(prompts, SamplingParams.greedy())) {
            naive = s.generate(all(3), 20, Set.of());
        }
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(naive.get(b).tokenIds(), cached.get(b).tokenIds());
            assertArrayEquals(naive.get(b).logprobs(), cached.get(b).logprobs(), 1e-4f);
        }
    }

    @Test
    void identicalSeedsGiveIdenticalOutputAndOtherSeedsDiffer() {
        List<int[]> prompts = prompts(9, 3, 6);
        List<List<Integer>> runs = new ArrayList<>();
        for (long seed : new long[] {11, 11, 12}) {
            try (GenerationSession s = policy.start(prompts, new SamplingParams(1.2f, 20, 0.95f, seed))) {
                List<Integer> tokens = new ArrayList<>();
                s.generate(all(2), 25, Set.of()).forEach(g -> IntStream.of(g.tokenIds()).forEach(tokens::add));
                runs.add(tokens);
            }
        }
        assertEquals(runs.get(0), runs.get(1));
        assertNotEquals(runs.get(0), runs.get(2));
    }

    @Test
    void topKOfOneAndTinyTopPAreGreedy() {
        List<int[]> prompts = prompts(13, 5, 7);
        List<SamplingParams> variants = List.of(SamplingParams.greedy(), new SamplingParams(1.5f, 1, 1f, 3),
                new SamplingParams(1.5f, 0, 1e-6f, 4));
        List<int[]> outputs = new ArrayList<>();
        for (SamplingParams params : variants) {
            try (GenerationSession s = policy.start(prompts, params)) {
                outputs.add(s.generate(all(2), 15, Set.of()).get(1).tokenIds());
            }
        }
        assertArrayEquals(outputs.get(0), outputs.get(1));
        assertArrayEquals(outputs.get(0), outputs.get(2));
    }

    @Test
    void eachSequenceStopsOnItsFirstStopTokenAndInactiveOnesStayEmpty() {
        List<int[]> prompts = prompts(17, 4, 4, 6, 2);
        Set<Integer> stops = new HashSet<>();
        for (int id = 3; id < TestModels.TOKENIZER.vocabSize(); id += 7) {
            stops.add(id);
        }
        try (GenerationSession s = policy.start(prompts, SamplingParams.of(1f, 5))) {
            List<Generation> gens = s.generate(new boolean[] {true, false, true, true}, 40, stops);
            assertEquals(0, gens.get(1).tokenIds().length);
            assertEquals(4, s.length(1));
            int stoppedCount = 0;
            for (int b : new int[] {0, 2, 3}) {
                Generation g = gens.get(b);
                int[] ids = g.tokenIds();
                for (int i = 0; i < ids.length - 1; i++) {
                    assertFalse(stops.contains(ids[i]), "generation continued past a stop token");
                }
                assertEquals(g.stoppedOnStopToken(), stops.contains(ids[ids.length - 1]));
                assertTrue(g.stoppedOnStopToken() || ids.length == 40);
                stoppedCount += g.stoppedOnStopToken() ? 1 : 0;
            }
            assertTrue(stoppedCount > 0);
        }
    }

    @Test
    void generationEndsAtTheContextLengthAndAppendBeyondItIsRefused() {
        try (GenerationSession s = policy.start(prompts(19, 60), SamplingParams.of(1f, 1))) {
            Generation g = s.generate(all(1), 10, Set.of()).get(0);
            assertEquals(4, g.tokenIds().length);
            assertFalse(g.stoppedOnStopToken());
            assertEquals(64, s.length(0));
            assertThrows(IllegalArgumentException.class, () -> s.append(0, new int[] {5}));
        }
    }
}
