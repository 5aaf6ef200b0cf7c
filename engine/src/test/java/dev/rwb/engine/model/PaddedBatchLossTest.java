package dev.rwb.engine.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.rwb.engine.rl.KlEstimator;
import dev.rwb.engine.rl.algo.LossInputs;
import dev.rwb.engine.rl.algo.PolicyGradientLoss;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Padding a training batch wider than its longest sequence ({@link BatchColumns}) changes neither the
 * loss nor any parameter's gradient: the extra columns are masked out of every loss, and the causal model
 * computes no real position from them. Checked with DJL autograd on a real GPT, for the supervised loss
 * and for the clipped policy-gradient loss with KL (k3) and an entropy bonus, against the batch padded
 * only to its longest sequence.
 */
class PaddedBatchLossTest {
    private static final double TOLERANCE = 1e-6;
    /**
     * Float32 sums over 23 vs 64 columns round differently: one element once differed by 8.7e-6 (the
     * largest gradients are ~0.1-1). Padding that leaked into the loss would move them by orders more.
     */
    private static final double GRADIENT_TOLERANCE = 2e-5;

    @Test
    void aFixedWidthPadsEveryBatchToItButNeverCutsASequence() {
        assertEquals(507, BatchColumns.fixed(507).columnsFor(70));
        assertEquals(507, BatchColumns.fixed(507).columnsFor(507));
        assertEquals(600, BatchColumns.fixed(507).columnsFor(600));
        assertEquals(37, BatchColumns.longest().columnsFor(37));
        PaddedBatch batch = PaddedBatch.rightPadded(List.of(new int[] {4, 5}, new int[] {6}), 0, BatchColumns.fixed(4));
        assertEquals(4, batch.columns());
        assertArrayEquals(new long[] {4, 5, 0, 0, 6, 0, 0, 0}, batch.ids());
        assertArrayEquals(new float[] {1, 1, 0, 0, 1, 0, 0, 0}, batch.mask());
    }

    @Test
    void supervisedLossAndGradientsOfAPaddedBatchEqualThoseOfTheUnpaddedOne() {
        Random random = new Random(3);
        List<int[]> sequences = List.of(TestModels.randomTokens(random, 9), TestModels.randomTokens(random, 23),
                TestModels.randomTokens(random, 14));
        List<float[]> weights = new ArrayList<>();
        for (int[] s : sequences) {
            float[] w = new float[s.length];
            for (int t = 0; t < w.length; t++) {
                // a prompt of 3 tokens, then targets, one of them half-weighted
                w[t] = t < 3 ? 0f : t == 5 ? 0.5f : 1f;
            }
            weights.add(w);
        }
        try (GptPolicy policy = TestModels.policy(TestModels.tinyConfig().build())) {
            Result unpadded = lossAndGradients(policy, sequences, BatchColumns.longest(), false,
                    SupervisedTrainer.weightedNll(weights));
            Result toBucket = lossAndGradients(policy, sequences, BatchColumns.fixed(32), false,
                    SupervisedTrainer.weightedNll(weights));
            Result toContext = lossAndGradients(policy, sequences, BatchColumns.fixed(64), false,
                    SupervisedTrainer.weightedNll(weights));
            assertEquals(23, unpadded.columns);
            assertEquals(32, toBucket.columns);
            assertEquals(64, toContext.columns);
            assertSame(unpadded, toBucket);
            assertSame(unpadded, toContext);
        }
    }

    @Test
    void policyGradientLossAndGradientsOfAPaddedBatchEqualThoseOfTheUnpaddedOne() {
        Random random = new Random(5);
        int[] lengths = {12, 31, 20, 7};
        List<int[]> sequences = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        List<float[]> old = new ArrayList<>();
        List<float[]> advantages = new ArrayList<>();
        List<float[]> reference = new ArrayList<>();
        double[] advantage = {1.2, -0.7, 0.4, -1.5};
        for (int i = 0; i < lengths.length; i++) {
            int n = lengths[i];
            sequences.add(TestModels.randomTokens(random, n));
            float[] w = new float[n];
            float[] o = new float[n];
            float[] a = new float[n];
            float[] r = new float[n];
            for (int t = 0; t < n; t++) {
                // prompt (0..2) and a tool response (5, 6) masked; the rest model-written
                boolean masked = t < 3 || t == 5 || t == 6;
                w[t] = masked ? 0f : 1f;
                // log π_old and log π_ref spread around typical values, so some ratios clip
                o[t] = masked ? 0f : (float) (-2.5 + random.nextGaussian() * 0.8);
                r[t] = masked ? Float.NaN : (float) (-2.5 + random.nextGaussian() * 0.8);
                a[t] = masked ? 0f : (float) advantage[i];
            }
            weights.add(w);
            old.add(o);
            advantages.add(a);
            reference.add(r);
        }
        double[] normalisers = new double[lengths.length];
        java.util.Arrays.fill(normalisers, 40.0);
        PolicyGradientLoss pg = new PolicyGradientLoss(0.2, 0.28, 3.0, KlEstimator.K3, 0.05, 0.01, 0.0);
        TokenLoss loss = (scores, batch) -> pg.loss(scores.logprobs(), scores.entropies(),
                LossInputs.of(batch.manager(), batch.columns(), old, advantages, weights, reference, normalisers));
        try (GptPolicy policy = TestModels.policy(TestModels.tinyConfig().build())) {
            Result unpadded = lossAndGradients(policy, sequences, BatchColumns.longest(), true, loss);
            Result padded = lossAndGradients(policy, sequences, BatchColumns.fixed(64), true, loss);
            assertEquals(31, unpadded.columns);
            assertEquals(64, padded.columns);
            assertSame(unpadded, padded);
        }
    }

    private record Result(double loss, List<float[]> gradients, int columns) {
    }

    private static void assertSame(Result expected, Result actual) {
        assertEquals(expected.loss, actual.loss, TOLERANCE, "loss");
        double largest = 0;
        for (int p = 0; p < expected.gradients.size(); p++) {
            float[] e = expected.gradients.get(p);
            float[] a = actual.gradients.get(p);
            assertEquals(e.length, a.length);
            for (int i = 0; i < e.length; i++) {
                largest = Math.max(largest, Math.abs(e[i]));
                assertEquals(e[i], a[i], GRADIENT_TOLERANCE, "gradient of parameter " + p + " element " + i);
            }
        }
        // the comparison means something only if the gradients are not all (near) zero
        assertTrue(largest > 1e-3, "largest gradient " + largest);
    }

    /** What GradientStep computes before its optimizer step: the loss and every parameter's gradient. */
    private static Result lossAndGradients(GptPolicy policy, List<int[]> sequences, BatchColumns columns,
                                           boolean withEntropy, TokenLoss loss) {
        try (NDManager step = policy.manager().newSubManager()) {
            PaddedBatch padded = PaddedBatch.rightPadded(sequences, policy.padId(), columns);
            Shape shape = new Shape(padded.rows(), padded.columns());
            TrainingBatch batch = new TrainingBatch(step.create(padded.ids(), shape), step.create(padded.mask(), shape), step);
            double value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.loss(policy.scoring().scores(batch.ids(), batch.mask(), withEntropy), batch);
                collector.backward(l);
                value = l.getFloat();
            }
            List<float[]> gradients = new ArrayList<>();
            for (Parameter p : policy.trainableParameters()) {
                gradients.add(p.getArray().getGradient().toFloatArray());
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
            return new Result(value, gradients, padded.columns());
        }
    }
}
