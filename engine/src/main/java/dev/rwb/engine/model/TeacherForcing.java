package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * Teacher-forced scoring: the log-prob of every actual token and the entropy of every next-token
 * distribution of a right-padded batch, in one forward pass. The same code serves no-grad scoring
 * ({@link #score(NDManager, List)}) and training, where it runs inside a GradientCollector
 * ({@link #scores(NDArray, NDArray, boolean)}) and the caller builds its loss from the arrays.
 */
public final class TeacherForcing {
    private final Gpt model;

    public TeacherForcing(Gpt model) {
        this.model = model;
    }

    /**
     * Differentiable per-token scores.
     *
     * @param ids (B,T) int64 token ids, right-padded
     * @param mask (B,T) float, 1 for real tokens and 0 for padding, or null for no padding
     * @param withEntropy also compute entropies (costs a softmax-sized extra pass)
     */
    public TokenScores scores(NDArray ids, NDArray mask, boolean withEntropy) {
        NDArray logits = model.forward(ids);
        // log π(·|x_<t) for t = 1..T-1 comes from positions 0..T-2
        NDArray logp = logits.get(new NDIndex(":, :-1, :")).logSoftmax(2);
        NDArray targets = ids.get(new NDIndex(":, 1:")).expandDims(2);
        NDArray tokenLogp = pad(logp.gather(targets, 2).squeeze(2));
        NDArray entropy = null;
        if (withEntropy) {
            // H = -Σ_v p_v log p_v
            entropy = pad(logp.exp().mul(logp).sum(new int[] {2}).neg());
        }
        if (mask != null) {
            tokenLogp = tokenLogp.mul(mask);
            entropy = entropy == null ? null : entropy.mul(mask);
        }
        return new TokenScores(tokenLogp, entropy);
    }

    /** Prepends a zero column so results align with token positions: (B,T-1) → (B,T). */
    private static NDArray pad(NDArray x) {
        NDArray zero = x.getManager().zeros(new Shape(x.getShape().get(0), 1), x.getDataType());
        return zero.concat(x, 1);
    }

    /**
     * Scores sequences of different lengths without gradients; returns per sequence two arrays of its
     * own length: {@code [0]} log-probs, {@code [1]} entropies (index 0 is 0 in both).
     */
    public float[][][] score(NDManager parent, List<int[]> sequences) {
        try (NDManager step = parent.newSubManager()) {
            PaddedBatch batch = PaddedBatch.rightPadded(sequences, 0);
            NDArray ids = step.create(batch.ids(), new Shape(batch.rows(), batch.columns()));
            TokenScores s = scores(ids, null, true);
            float[] lp = s.logprobs().toFloatArray();
            float[] en = s.entropies().toFloatArray();
            float[][][] out = new float[sequences.size()][2][];
            for (int b = 0; b < sequences.size(); b++) {
                int n = sequences.get(b).length;
                out[b][0] = new float[n];
                out[b][1] = new float[n];
                System.arraycopy(lp, b * batch.columns(), out[b][0], 0, n);
                System.arraycopy(en, b * batch.columns(), out[b][1], 0, n);
            }
            return out;
        }
    }
}
