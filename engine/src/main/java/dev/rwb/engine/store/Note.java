package dev.rwb.engine.store;

/**
 * A comment on a span of tokens of one trajectory.
 *
 * @param id the note's DB id
 * @param trajectoryId the trajectory
 * @param startToken the first token of the span
 * @param endToken the last token of the span (inclusive)
 * @param comment what the reader noticed
 */
public record Note(long id, long trajectoryId, int startToken, int endToken, String comment) {
    /** Whether the span covers token {@code i}. */
    public boolean covers(int i) {
        return i >= startToken && i <= endToken;
    }
}
