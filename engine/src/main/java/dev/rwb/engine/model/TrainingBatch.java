package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.List;

/**
 * One right-padded batch inside a training step: ids (B,T) int64, mask (B,T) float (1 = real
 * token) and the step's manager, so a loss can lay out its own per-token data the same way.
 */
public record TrainingBatch(NDArray ids, NDArray mask, NDManager manager) {

    public int rows() {
        return Math.toIntExact(ids.getShape().get(0));
    }

    public int columns() {
        return Math.toIntExact(ids.getShape().get(1));
    }

    /** Per-token values (one array per sequence, any length ≤ T) as a right-padded (B,T) float array, 0 beyond each end. */
    public NDArray perToken(List<float[]> values) {
        int columns = columns();
        float[] flat = new float[rows() * columns];
        for (int b = 0; b < values.size(); b++) {
            float[] row = values.get(b);
            System.arraycopy(row, 0, flat, b * columns, Math.min(row.length, columns));
        }
        return manager.create(flat, new Shape(rows(), columns));
    }
}
