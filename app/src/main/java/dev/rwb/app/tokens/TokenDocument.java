package dev.rwb.app.tokens;

import dev.rwb.engine.trajectory.TokenArrays;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The text shown for a trajectory and the map between shown characters and tokens.
 *
 * <p>Token texts are made visible: a newline is drawn as {@code ¶} followed by a real line
 * break (so RichTextFX can virtualise by paragraph), a tab as {@code →}, and optionally a space
 * as {@code ·}. A separator line is inserted where the turn changes; its characters belong to
 * no token. Mapping a character to its token is a binary search over segment starts.
 */
public final class TokenDocument {
    /** Style class of the separator line between turns. */
    public static final String TURN_SEPARATOR_CLASS = "turn-separator";

    private final TokenArrays tokens;
    private final String text;
    private final int[] segmentStart;
    private final int[] segmentToken;
    private final int[] tokenStart;
    private final int[] tokenEnd;
    private final int[] turnStarts;
    private final boolean showSpaces;

    private TokenDocument(TokenArrays tokens, boolean showSpaces, String text, int[] segmentStart, int[] segmentToken,
                          int[] tokenStart, int[] tokenEnd, int[] turnStarts) {
        this.tokens = tokens;
        this.showSpaces = showSpaces;
        this.text = text;
        this.segmentStart = segmentStart;
        this.segmentToken = segmentToken;
        this.tokenStart = tokenStart;
        this.tokenEnd = tokenEnd;
        this.turnStarts = turnStarts;
    }

    /** Lays out the shown text of a trajectory's tokens. */
    public static TokenDocument of(TokenArrays tokens, boolean showSpaces) {
        int n = tokens.length();
        StringBuilder sb = new StringBuilder(n * 5);
        int[] segStart = new int[2 * n + 1];
        int[] segToken = new int[2 * n + 1];
        int[] start = new int[n];
        int[] end = new int[n];
        List<Integer> turns = new ArrayList<>();
        int segments = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || tokens.turns()[i] != tokens.turns()[i - 1]) {
                if (i > 0) {
                    segStart[segments] = sb.length();
                    segToken[segments++] = -1;
                    if (sb.charAt(sb.length() - 1) != '\n') {
                        sb.append('\n');
                    }
                    sb.append("──── turn ").append(tokens.turns()[i]).append(" ────\n");
                }
                turns.add(sb.length());
            }
            segStart[segments] = sb.length();
            segToken[segments++] = i;
            start[i] = sb.length();
            appendVisible(sb, tokens.tokenText()[i], showSpaces);
            end[i] = sb.length();
        }
        return new TokenDocument(tokens, showSpaces, sb.toString(), Arrays.copyOf(segStart, segments),
                Arrays.copyOf(segToken, segments), start, end, turns.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void appendVisible(StringBuilder sb, String tokenText, boolean showSpaces) {
        if (tokenText.isEmpty()) {
            // An empty token (e.g. a special token decoded to "") still needs a cell to hover.
            sb.append('∅');
            return;
        }
        for (int k = 0; k < tokenText.length(); k++) {
            char c = tokenText.charAt(k);
            switch (c) {
                case '\n' -> sb.append("¶\n");
                case '\r' -> sb.append('␍');
                case '\t' -> sb.append('→');
                case ' ' -> sb.append(showSpaces ? '·' : ' ');
                default -> sb.append(c);
            }
        }
    }

    public TokenArrays tokens() {
        return tokens;
    }

    /** The shown text. */
    public String text() {
        return text;
    }

    /** The token drawn at a character offset, or -1 for a separator or an offset out of range. */
    public int tokenAt(int charIndex) {
        if (charIndex < 0 || charIndex >= text.length() || segmentStart.length == 0) {
            return -1;
        }
        int k = Arrays.binarySearch(segmentStart, charIndex);
        // Not found: -(insertion point) - 1; the segment containing the offset starts just before.
        int seg = k >= 0 ? k : -k - 2;
        return seg < 0 ? -1 : segmentToken[seg];
    }

    /** First shown character of a token. */
    public int tokenStart(int token) {
        return tokenStart[token];
    }

    /** One past the last shown character of a token. */
    public int tokenEnd(int token) {
        return tokenEnd[token];
    }

    /** Character offsets where each turn's first token starts, ascending. */
    public int[] turnStarts() {
        return turnStarts.clone();
    }

    /**
     * Start offsets of the case-insensitive occurrences of {@code query} in the shown text. The
     * query is made visible the same way as token text, so "a b" finds "a·b" when spaces are shown.
     */
    public Matches find(String query) {
        if (query == null || query.isEmpty()) {
            return Matches.NONE;
        }
        StringBuilder visible = new StringBuilder();
        appendVisible(visible, query, showSpaces);
        String needle = visible.toString().toLowerCase(java.util.Locale.ROOT);
        String haystack = text.toLowerCase(java.util.Locale.ROOT);
        List<Integer> hits = new ArrayList<>();
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length())) {
            hits.add(at);
        }
        return new Matches(hits.stream().mapToInt(Integer::intValue).toArray(), needle.length());
    }

    /** Where a query occurs: start offsets, ascending, and the shown length of each occurrence. */
    public record Matches(int[] starts, int length) {
        /** No occurrence. */
        public static final Matches NONE = new Matches(new int[0], 0);

        public int count() {
            return starts.length;
        }
    }

    /** Segment boundaries for styling: start offsets, ascending. */
    int[] segmentStarts() {
        return segmentStart;
    }

    /** Token of each segment, -1 for separators. */
    int[] segmentTokens() {
        return segmentToken;
    }
}
