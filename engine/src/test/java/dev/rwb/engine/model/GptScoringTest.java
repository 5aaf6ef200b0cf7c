package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Batched, padded teacher-forced scoring equals a plain per-sequence computation on the same weights. */
class GptScoringTest {

    @ParameterizedTest
    @CsvSource({"LEARNED, true", "LEARNED, false", "ROPE, true", "ROPE, false"})
    void batchedScoresMatchUnbatchedReference(PositionEncoding positions, boolean tied) {
        GptConfig config = TestModels.tinyConfig().positions(positions).tiedHead(tied).build();
        try (GptPolicy policy = TestModels.policy(config)) {
            Random random = new Random(1);
            List<int[]> sequences = new ArrayList<>();
            for (int length : new int[] {9, 3, 17, 1, 12}) {
                sequences.add(TestModels.randomTokens(random, length));
            }
            float[][][] batched = policy.scoring().score(policy.manager(), sequences);
            for (int b = 0; b < sequences.size(); b++) {
                float[][] expected = referenceScores(policy, sequences.get(b));
                for (int t = 0; t < sequences.get(b).length; t++) {
                    assertEquals(expected[0][t], batched[b][0][t], 1e-5, "logprob seq " + b + " pos " + t);
                    assertEquals(expected[1][t], batched[b][1][t], 1e-5, "entropy seq " + b + " pos " + t);
                }
            }
        }
    }

    /** Unbatched forward of one sequence, log-softmax and entropy computed in Java (double). */
    static float[][] referenceScores(GptPolicy policy, int[] sequence) {
        int v = policy.tokenizer().vocabSize();
        float[][] out = new float[2][sequence.length];
        try (NDManager m = policy.manager().newSubManager()) {
            long[] ids = new long[sequence.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = sequence[i];
            }
            NDArray logits = policy.model().forward(m.create(ids, new Shape(1, ids.length)));
            float[] l = logits.toFloatArray();
            for (int t = 1; t < sequence.length; t++) {
                int row = (t - 1) * v;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < v; i++) {
                    max = Math.max(max, l[row + i]);
                }
                double z = 0;
                for (int i = 0; i < v; i++) {
                    z += Math.exp(l[row + i] - max);
                }
                double logZ = max + Math.log(z);
                double entropy = 0;
                for (int i = 0; i < v; i++) {
                    double lp = l[row + i] - logZ;
                    entropy -= Math.exp(lp) * lp;
                }
                out[0][t] = (float) (l[row + sequence[t]] - logZ);
                out[1][t] = (float) entropy;
            }
        }
        return out;
    }
}
