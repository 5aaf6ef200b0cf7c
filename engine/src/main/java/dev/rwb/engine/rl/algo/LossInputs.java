package dev.rwb.engine.rl.algo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * The constant (B,T) arrays of one minibatch that the policy-gradient loss combines with the
 * current policy's log-probs: right-padded, 0 wherever a token has no loss weight.
 *
 * @param oldLogprobs log π_old per token (the ratio's denominator)
 * @param advantages A per token (its sequence's advantage)
 * @param weights loss weight w per token (mask policy)
 * @param refLogprobs log π_ref per token, 0 where unknown
 * @param klWeights w where log π_ref is known, else 0
 * @param inverseNormalisers (B,1) 1/N_i of each sequence (loss aggregation)
 */
public record LossInputs(NDArray oldLogprobs, NDArray advantages, NDArray weights, NDArray refLogprobs,
                         NDArray klWeights, NDArray inverseNormalisers) {

    /** One row per sequence, each padded with zeros to {@code columns}. */
    public static LossInputs of(NDManager m, int columns, List<float[]> oldLogprobs, List<float[]> advantages,
                                List<float[]> weights, List<float[]> refLogprobs, double[] normalisers) {
        int b = weights.size();
        float[] old = new float[b * columns];
        float[] adv = new float[b * columns];
        float[] w = new float[b * columns];
        float[] ref = new float[b * columns];
        float[] klw = new float[b * columns];
        float[] inv = new float[b];
        for (int i = 0; i < b; i++) {
            float[] wi = weights.get(i);
            for (int t = 0; t < wi.length; t++) {
                if (wi[t] == 0f) {
                    continue;
                }
                int k = i * columns + t;
                old[k] = oldLogprobs.get(i)[t];
                adv[k] = advantages.get(i)[t];
                w[k] = wi[t];
                float r = refLogprobs.get(i)[t];
                if (Float.isFinite(r)) {
                    ref[k] = r;
                    klw[k] = wi[t];
                }
            }
            inv[i] = (float) (1.0 / normalisers[i]);
        }
        Shape s = new Shape(b, columns);
        return new LossInputs(m.create(old, s), m.create(adv, s), m.create(w, s), m.create(ref, s),
                m.create(klw, s), m.create(inv, new Shape(b, 1)));
    }
}
