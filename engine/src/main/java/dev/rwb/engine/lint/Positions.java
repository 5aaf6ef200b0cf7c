package dev.rwb.engine.lint;

import java.util.List;

/** Formats token positions for a one-line message: "positions 3-5, 9 (4 tokens)". */
final class Positions {
    private static final int SHOWN_RANGES = 4;

    private Positions() {
    }

    static String describe(List<Integer> positions) {
        if (positions.size() == 1) {
            return "position " + positions.get(0);
        }
        StringBuilder sb = new StringBuilder("positions ");
        int ranges = 0;
        int i = 0;
        while (i < positions.size() && ranges < SHOWN_RANGES) {
            int j = i;
            while (j + 1 < positions.size() && positions.get(j + 1) == positions.get(j) + 1) {
                j++;
            }
            sb.append(ranges == 0 ? "" : ", ").append(positions.get(i));
            if (j > i) {
                sb.append('-').append(positions.get(j));
            }
            ranges++;
            i = j + 1;
        }
        if (i < positions.size()) {
            sb.append(", …");
        }
        return sb.append(" (").append(positions.size()).append(" tokens)").toString();
    }
}
