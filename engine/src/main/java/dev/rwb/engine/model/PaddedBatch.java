package dev.rwb.engine.model;

import java.util.List;

/**
 * Sequences of different lengths laid out as one row-major (rows × columns) int64 matrix,
 * right-padded (sequence starts at column 0), with the matching 0/1 mask.
 */
public record PaddedBatch(long[] ids, float[] mask, int rows, int columns) {

    /** Padded to the longest sequence. */
    public static PaddedBatch rightPadded(List<int[]> sequences, int padId) {
        return rightPadded(sequences, padId, BatchColumns.longest());
    }

    /** Padded to the width {@code columns} gives for the longest sequence (see {@link BatchColumns}). */
    public static PaddedBatch rightPadded(List<int[]> sequences, int padId, BatchColumns columns) {
        int longest = 1;
        for (int[] s : sequences) {
            longest = Math.max(longest, s.length);
        }
        return rightPadded(sequences, padId, columns.columnsFor(longest));
    }

    /** Padded to exactly {@code columns} (at least the longest sequence). */
    public static PaddedBatch rightPadded(List<int[]> sequences, int padId, int columns) {
        for (int[] s : sequences) {
            if (s.length > columns) {
                throw new IllegalArgumentException("a sequence of " + s.length + " tokens does not fit " + columns + " columns");
            }
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
