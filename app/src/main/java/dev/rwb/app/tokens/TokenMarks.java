package dev.rwb.app.tokens;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Findings pinned to tokens of one trajectory: lint findings (⚠) and template or retokenisation
 * drift (≠). The token view outlines each marked token, puts the glyph in the gutter of its line and
 * adds the notes to its tooltip, so a finding is never told by colour alone.
 *
 * @param trajectoryId the trajectory the positions belong to (marks of another trajectory are not drawn)
 * @param byToken the marks of each marked token position
 */
public record TokenMarks(long trajectoryId, Map<Integer, List<Mark>> byToken) {
    /** No marks. */
    public static final TokenMarks NONE = new TokenMarks(-1, Map.of());

    /** What kind of finding a mark shows. */
    public enum Kind {
        /** A mask lint: the token's weight, role or value is wrong for its place. */
        LINT("⚠", "tok-mark-lint"),
        /** The stored id differs from what re-rendering and re-encoding gives. */
        DRIFT("≠", "tok-mark-drift"),
        /** A reader's note on a span of tokens. */
        NOTE("✎", "tok-mark-note");

        private final String glyph;
        private final String styleClass;

        Kind(String glyph, String styleClass) {
            this.glyph = glyph;
            this.styleClass = styleClass;
        }

        /** The gutter glyph. */
        public String glyph() {
            return glyph;
        }

        /** The token's extra style class. */
        public String styleClass() {
            return styleClass;
        }
    }

    /** One finding on one token: its kind and a short note (the lint code and what is wrong). */
    public record Mark(Kind kind, String note) {
    }

    public TokenMarks {
        TreeMap<Integer, List<Mark>> copy = new TreeMap<>();
        byToken.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        byToken = Collections.unmodifiableMap(copy);
    }

    /** Collects marks for one trajectory. */
    public static Builder builder(long trajectoryId) {
        return new Builder(trajectoryId);
    }

    /** The marks of a token (empty when unmarked). */
    public List<Mark> of(int token) {
        return byToken.getOrDefault(token, List.of());
    }

    /** Of two kinds, the one drawn: drift before lint before note (the rarer finding wins). */
    public static Kind stronger(Kind a, Kind b) {
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(Kind k) {
        return switch (k) {
            case DRIFT -> 0;
            case LINT -> 1;
            case NOTE -> 2;
        };
    }

    /** The kind drawn on a token: drift before lint before note (the rarer finding wins), or null when unmarked. */
    public Kind kindOf(int token) {
        List<Mark> marks = of(token);
        for (Kind k : new Kind[]{Kind.DRIFT, Kind.LINT, Kind.NOTE}) {
            if (marks.stream().anyMatch(m -> m.kind() == k)) {
                return k;
            }
        }
        return null;
    }

    /** Number of marked tokens. */
    public int size() {
        return byToken.size();
    }

    /** Builder of {@link TokenMarks}. */
    public static final class Builder {
        private final long trajectoryId;
        private final Map<Integer, List<Mark>> byToken = new TreeMap<>();

        private Builder(long trajectoryId) {
            this.trajectoryId = trajectoryId;
        }

        /** Adds a mark to each position. */
        public Builder mark(List<Integer> positions, Kind kind, String note) {
            for (int p : positions) {
                List<Mark> marks = byToken.computeIfAbsent(p, k -> new ArrayList<>());
                Mark m = new Mark(kind, note);
                if (!marks.contains(m)) {
                    marks.add(m);
                }
            }
            return this;
        }

        public TokenMarks build() {
            return new TokenMarks(trajectoryId, byToken);
        }
    }
}
