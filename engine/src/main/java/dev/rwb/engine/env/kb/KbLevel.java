package dev.rwb.engine.env.kb;

/**
 * What makes a kb-search level hard.
 *
 * @param minHops fewest hops of a question
 * @param maxHops most hops of a question
 * @param topK documents returned per search
 * @param spareSearches searches allowed beyond one per hop (the search bound is hops + spare)
 * @param distractorPreamble questions open with true sentences about {@code topK} namesakes of the
 *                           start person, built so they outrank it and then checked against the
 *                           index: the question pasted as a query misses the needed document, so
 *                           the first query has to be reformulated (see {@link DistractorPreamble})
 */
public record KbLevel(int minHops, int maxHops, int topK, int spareSearches, boolean distractorPreamble) {
    /** Levels 1–5: one, two and three hops; then reformulation with 2–3 hops; then 3 hops with no spare search. */
    public static final KbLevel[] LEVELS = {
            new KbLevel(1, 1, 3, 1, false),
            new KbLevel(2, 2, 3, 1, false),
            new KbLevel(3, 3, 3, 1, false),
            new KbLevel(2, 3, 3, 1, true),
            new KbLevel(3, 3, 3, 0, true),
    };

    public static KbLevel of(int level) {
        if (level < 1 || level > LEVELS.length) {
            throw new IllegalArgumentException("kb-search level must be 1.." + LEVELS.length + ", got " + level);
        }
        return LEVELS[level - 1];
    }
}
