package dev.rwb.engine.diff;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligns two token-id sequences: the common prefix first (two samples of one prompt share it, so
 * it is cut off in linear time), then a Myers diff of the rest (java-diff-utils).
 */
public final class TokenAligner {
    private TokenAligner() {
    }

    /** The alignment of {@code a} (old) against {@code b} (new). */
    public static TokenAlignment align(int[] a, int[] b) {
        int prefix = 0;
        while (prefix < a.length && prefix < b.length && a[prefix] == b[prefix]) {
            prefix++;
        }
        List<TokenAlignment.Chunk> chunks = new ArrayList<>();
        if (prefix > 0) {
            chunks.add(new TokenAlignment.Chunk(TokenAlignment.Kind.EQUAL, 0, prefix, 0, prefix));
        }
        List<Integer> restA = boxed(a, prefix);
        List<Integer> restB = boxed(b, prefix);
        int i = 0;
        int j = 0;
        for (AbstractDelta<Integer> d : DiffUtils.diff(restA, restB).getDeltas()) {
            int ai = d.getSource().getPosition();
            int bj = d.getTarget().getPosition();
            if (ai > i) {
                // the stretch before a delta is equal in both (same length on each side)
                chunks.add(new TokenAlignment.Chunk(TokenAlignment.Kind.EQUAL, prefix + i, prefix + ai, prefix + j,
                        prefix + bj));
            }
            int aEnd = ai + d.getSource().size();
            int bEnd = bj + d.getTarget().size();
            chunks.add(new TokenAlignment.Chunk(kindOf(d.getType()), prefix + ai, prefix + aEnd, prefix + bj,
                    prefix + bEnd));
            i = aEnd;
            j = bEnd;
        }
        if (i < restA.size()) {
            chunks.add(new TokenAlignment.Chunk(TokenAlignment.Kind.EQUAL, prefix + i, a.length, prefix + j, b.length));
        }
        return new TokenAlignment(a.length, b.length, prefix, chunks);
    }

    private static TokenAlignment.Kind kindOf(DeltaType t) {
        return switch (t) {
            case DELETE -> TokenAlignment.Kind.DELETE;
            case INSERT -> TokenAlignment.Kind.INSERT;
            case CHANGE -> TokenAlignment.Kind.CHANGE;
            case EQUAL -> TokenAlignment.Kind.EQUAL;
        };
    }

    private static List<Integer> boxed(int[] ids, int from) {
        return Arrays.stream(ids, from, ids.length).boxed().toList();
    }
}
