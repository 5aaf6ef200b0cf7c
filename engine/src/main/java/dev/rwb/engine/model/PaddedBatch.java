package dev.rwb.engine.model;

import java.util.List;

/**
 * Sequences of different lengths laid out as one row-major (rows × columns) int64 matrix,
 * right-padded (sequence starts at column 0), with the matching 0/1 mask.
 */
public record PaddedBatch(long[] ids, float[] mask, int rows, int columns) {

    public static PaddedBatch rightPadded(List<int[]> sequences, int padId) {
        int columns = 1;
        for (int[] s : sequences) {
            columns = Math.max(columns, s.length);
        }
        int rows = sequences.size();
        long[] ids = new long[rows * columns];
        float[] mask = new float[rows * columns];
        java.util.Arrays.fill(ids, padId);
        for (int b = 0; b < rows; b++) {
            int[] s = sequences.get(b);
            for (int t = 0; t < s.length; t++) {
                ids[b * columns + t] = s[t];
                mask[b * columns + t] = 1f;
            }
        }
        return new PaddedBatch(ids, mask, rows, columns);
    }
}
