package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

import java.util.List;

/**
 * Teacher-forced scoring: the log-prob of every actual token and the entropy of every next-token
 * distribution of a right-padded batch, in one forward pass. The same code serves no-grad scoring
 * ({@link #score(NDManager, List)}) and training, where it runs inside a GradientCollector
 * ({@link #scores(NDArray, NDArray, boolean)}) and the caller builds its loss from the arrays.
 */
public final class TeacherForcing {
    /** At most this many sequences per forward pass in no-grad scoring. */
    private static final int SCORE_CHUNK_ROWS = 32;
    /** Elements of one (rows, T, vocabulary) intermediate in no-grad scoring: 64 Mi floats = 256 MB. */
    private static final long SCORE_CHUNK_ELEMENTS = 64L << 20;
    private final CausalLm model;

    public TeacherForcing(CausalLm model) {
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
        return score(parent, sequences, true);
    }

    /**
     * Log-probs only, per sequence of its own length (index 0 is 0): what the trainer's π_old and
     * π_ref need; skipping the entropy saves two vocabulary-sized passes (151,936 wide for Qwen).
     */
    public float[][] logprobs(NDManager parent, List<int[]> sequences) {
        float[][][] scored = score(parent, sequences, false);
        float[][] rows = new float[scored.length][];
        for (int i = 0; i < scored.length; i++) {
            rows[i] = scored[i][0];
        }
        return rows;
    }

    private float[][][] score(NDManager parent, List<int[]> sequences, boolean withEntropy) {
        float[][][] out = new float[sequences.size()][][];
        // Chunks bound the (rows, T, vocabulary) intermediates (log-softmax, exp, product), and no autograd graph is recorded: parameters require gradients, and PyTorch's
        // grad mode would otherwise record every op for a backward pass that never comes.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            int longest = sequences.stream().mapToInt(s -> s.length).max().orElse(1);
            // a large vocabulary (151,936 for Qwen) makes one row of logits hundreds of MB
            int rows = (int) Math.max(1, Math.min(SCORE_CHUNK_ROWS, SCORE_CHUNK_ELEMENTS / ((long) longest * model.vocabSize())));
            for (int from = 0; from < sequences.size(); from += rows) {
                List<int[]> chunk = sequences.subList(from, Math.min(sequences.size(), from + rows));
                scoreChunk(parent, chunk, out, from, withEntropy);
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return out;
    }

    private void scoreChunk(NDManager parent, List<int[]> sequences, float[][][] out, int offset, boolean withEntropy) {
        try (NDManager step = parent.newSubManager()) {
            PaddedBatch batch = PaddedBatch.rightPadded(sequences, 0);
            NDArray ids = step.create(batch.ids(), new Shape(batch.rows(), batch.columns()));
            TokenScores s = scores(ids, null, withEntropy);
            float[] lp = s.logprobs().toFloatArray();
            float[] en = withEntropy ? s.entropies().toFloatArray() : new float[lp.length];
            for (int b = 0; b < sequences.size(); b++) {
                int n = sequences.get(b).length;
                float[][] row = new float[2][n];
                System.arraycopy(lp, b * batch.columns(), row[0], 0, n);
                System.arraycopy(en, b * batch.columns(), row[1], 0, n);
                out[offset + b] = row;
            }
        }
    }
}
