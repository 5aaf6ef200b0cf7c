package dev.rwb.engine.diff;

import java.util.List;

/**
 * Two token sequences aligned: the stretches where they agree and where they differ, in order,
 * covering both sequences completely.
 *
 * @param a length of the first (old, stored) sequence
 * @param b length of the second (new, re-encoded) sequence
 * @param prefix length of the common prefix (the first chunk when it is non-empty)
 * @param chunks the stretches in order
 */
public record TokenAlignment(int a, int b, int prefix, List<Chunk> chunks) {

    /** What a stretch is. */
    public enum Kind {
        /** The same ids in both. */
        EQUAL,
        /** Ids only in the first sequence. */
        DELETE,
        /** Ids only in the second sequence. */
        INSERT,
        /** Different ids in each (a replaced stretch). */
        CHANGE
    }

    /** A stretch: {@code [aFrom, aTo)} of the first sequence against {@code [bFrom, bTo)} of the second. */
    public record Chunk(Kind kind, int aFrom, int aTo, int bFrom, int bTo) {
        public int aLength() {
            return aTo - aFrom;
        }

        public int bLength() {
            return bTo - bFrom;
        }
    }

    public TokenAlignment {
        chunks = List.copyOf(chunks);
    }

    /** The stretches that differ (everything but {@link Kind#EQUAL}). */
    public List<Chunk> differences() {
        return chunks.stream().filter(c -> c.kind() != Kind.EQUAL).toList();
    }

    /** Whether both sequences are the same ids. */
    public boolean identical() {
        return differences().isEmpty();
    }

    /**
     * Index pairs of every aligned position in order: {@code {i, j}} for equal ids, {@code {i, -1}}
     * for an id only in the first sequence, {@code {-1, j}} for one only in the second. A changed
     * stretch is listed as its deletions, then its insertions.
     */
    public int[][] pairs() {
        int n = 0;
        for (Chunk c : chunks) {
            n += c.kind() == Kind.EQUAL ? c.aLength() : c.aLength() + c.bLength();
        }
        int[][] out = new int[n][];
        int k = 0;
        for (Chunk c : chunks) {
            if (c.kind() == Kind.EQUAL) {
                for (int d = 0; d < c.aLength(); d++) {
                    out[k++] = new int[]{c.aFrom() + d, c.bFrom() + d};
                }
                continue;
            }
            for (int i = c.aFrom(); i < c.aTo(); i++) {
                out[k++] = new int[]{i, -1};
            }
            for (int j = c.bFrom(); j < c.bTo(); j++) {
                out[k++] = new int[]{-1, j};
            }
        }
        return out;
    }
}
