package dev.rwb.engine.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupervisedTrainerTest {
    private static final TaskTokenizer TOK = TestModels.TOKENIZER;

    /** {@code <bos> d1..d6 = d6..d1 <eos>}, loss weight 1 on the reversed digits and EOS only. */
    private static int[] reverseExample(Random random, float[] weightsOut) {
        int[] digits = new int[6];
        for (int i = 0; i < 6; i++) {
            digits[i] = TOK.specialId(String.valueOf(random.nextInt(10)));
        }
        int[] seq = new int[15];
        seq[0] = TOK.bosId();
        System.arraycopy(digits, 0, seq, 1, 6);
        seq[7] = TOK.specialId("=");
        for (int i = 0; i < 6; i++) {
            seq[8 + i] = digits[5 - i];
        }
        seq[14] = TOK.eosId();
        if (weightsOut != null) {
            for (int t = 8; t < 15; t++) {
                weightsOut[t] = 1f;
            }
        }
        return seq;
    }

    @Test
    void learnsToReverseSixDigitsAndOnlyWeightedTokensAreTrained() {
        GptConfig config = TestModels.tinyConfig().dModel(64).contextLength(16).build();
        List<Map<String, Double>> curve = new ArrayList<>();
        try (GptPolicy policy = TestModels.policy(config)) {
            SupervisedTrainer trainer = new SupervisedTrainer(policy,
                    OptimizerSettings.adamW(3e-3f, 20, 400), (step, metrics) -> curve.add(metrics));
            Random random = new Random(0);
            for (int step = 0; step < 400; step++) {
                List<int[]> seqs = new ArrayList<>();
                List<float[]> weights = new ArrayList<>();
                for (int b = 0; b < 32; b++) {
                    float[] w = new float[15];
                    seqs.add(reverseExample(random, w));
                    weights.add(w);
                }
                trainer.step(seqs, weights);
            }
            assertEquals(400, curve.size());
            double first = curve.get(0).get("loss");
            double last = curve.subList(390, 400).stream().mapToDouble(m -> m.get("loss")).average().orElseThrow();
            assertTrue(first > 2.0, "initial loss " + first);
            assertTrue(last < 0.05, "final loss " + last);
            assertTrue(curve.get(0).get("lr") < curve.get(19).get("lr"), "warm-up raises the learning rate");
            assertTrue(curve.get(399).get("lr") < curve.get(100).get("lr"), "cosine lowers it");

            // held-out prompts: greedy decoding reverses them
            Random heldOut = new Random(12345);
            List<int[]> prompts = new ArrayList<>();
            List<int[]> expected = new ArrayList<>();
            for (int b = 0; b < 8; b++) {
                int[] full = reverseExample(heldOut, null);
                prompts.add(java.util.Arrays.copyOf(full, 8));
                expected.add(java.util.Arrays.copyOfRange(full, 8, 15));
            }
            boolean[] all = new boolean[8];
            java.util.Arrays.fill(all, true);
            try (GenerationSession s = policy.start(prompts, SamplingParams.greedy())) {
                List<Generation> out = s.generate(all, 10, Set.of(TOK.eosId()));
                int correct = 0;
                for (int b = 0; b < 8; b++) {
                    correct += java.util.Arrays.equals(expected.get(b), out.get(b).tokenIds()) ? 1 : 0;
                }
                assertTrue(correct >= 7, correct + "/8 reversed correctly");
            }
        }
    }

    @Test
    void zeroWeightsGiveZeroGradientAndLeaveTheModelUnchanged() {
        try (GptPolicy policy = TestModels.policy(TestModels.tinyConfig().build())) {
            float[] before = policy.model().getParameters().get("token_embedding").getArray().toFloatArray();
            SupervisedTrainer trainer = new SupervisedTrainer(policy, OptimizerSettings.constantAdam(1e-2f), TrainingListener.NONE);
            Map<String, Double> m = trainer.step(List.of(new int[] {1, 5, 6, 7}), List.of(new float[] {1, 0, 0, 0}));
            assertEquals(0.0, m.get("grad_norm"), 0.0);
            assertEquals(0.0, m.get("loss"), 0.0);
            float[] after = policy.model().getParameters().get("token_embedding").getArray().toFloatArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(before, after, 0f);
        }
    }
}
