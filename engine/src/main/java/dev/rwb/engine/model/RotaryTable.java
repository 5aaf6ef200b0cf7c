package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * Rotary position embedding (RoFormer, Su et al. 2021) in the "rotate half" layout: the head
 * vector is split in two halves (x1, x2) and rotated pairwise by angle pos·θ_i,
 * θ_i = 10000^(-2i/headSize).
 */
final class RotaryTable implements AutoCloseable {
    private final NDArray cos;
    private final NDArray sin;

    RotaryTable(NDManager manager, int contextLength, int headSize) {
        int half = headSize / 2;
        float[] c = new float[contextLength * headSize];
        float[] s = new float[contextLength * headSize];
        for (int pos = 0; pos < contextLength; pos++) {
            for (int i = 0; i < half; i++) {
                // θ_i = 10000^(-2i/d); angle = pos·θ_i, duplicated for both halves
                double angle = pos * Math.pow(10000.0, -2.0 * i / headSize);
                int row = pos * headSize;
                c[row + i] = c[row + i + half] = (float) Math.cos(angle);
                s[row + i] = s[row + i + half] = (float) Math.sin(angle);
            }
        }
        this.cos = manager.create(c, new Shape(contextLength, headSize));
        this.sin = manager.create(s, new Shape(contextLength, headSize));
    }

    /** cos and sin for the given positions (B,T), shaped (B,1,T,headSize) to broadcast over heads. */
    NDList lookup(NDArray positions) {
        NDArray c = Embedding.embedding(positions, cos, SparseFormat.DENSE).get(0).expandDims(1);
        NDArray s = Embedding.embedding(positions, sin, SparseFormat.DENSE).get(0).expandDims(1);
        return new NDList(c, s);
    }

    /** x·cos + rotate_half(x)·sin, with rotate_half(x1, x2) = (−x2, x1); x is (B,H,T,headSize). */
    static NDArray apply(NDArray x, NDList cosSin) {
        NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cosSin.get(0)).add(rotated.mul(cosSin.get(1)));
    }

    @Override
    public void close() {
        cos.close();
        sin.close();
    }
}
