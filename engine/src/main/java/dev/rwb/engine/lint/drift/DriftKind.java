package dev.rwb.engine.lint.drift;

/**
 * What kind of difference a drifted stretch is, from the stored and the expected text of the
 * stretch (each decoded whole) and the stored tokens around it.
 */
enum DriftKind {
    /** Whitespace the template writes between turns is missing from the stored ids (verl #6501). */
    MISSING_TURN_SEPARATOR("missing separator at a turn boundary"),
    /** Whitespace is missing inside a turn. */
    DROPPED_WHITESPACE("dropped whitespace"),
    /** The stored ids have whitespace the expected ones lack. */
    EXTRA_WHITESPACE("extra whitespace"),
    /** The same text, split into other tokens (trl #5224). */
    DIFFERENT_SPLIT("different split of the same text"),
    /** The texts differ only in whitespace (merged or moved). */
    MERGED_WHITESPACE("merged or moved whitespace"),
    /** The texts differ. */
    DIFFERENT_TEXT("different text");

    private final String phrase;

    DriftKind(String phrase) {
        this.phrase = phrase;
    }

    String phrase() {
        return phrase;
    }

    static DriftKind of(String stored, String expected, String tokenBefore, String tokenAfter) {
        String s = stored;
        String e = expected;
        if (s.equals(e)) {
            return DIFFERENT_SPLIT;
        }
        if (s.isEmpty() && e.isBlank()) {
            boolean boundary = tokenBefore.equals(ChatMlTurns.END) || tokenAfter.equals(ChatMlTurns.START)
                    || tokenBefore.equals(Llama3Turns.END) || tokenAfter.equals(Llama3Turns.START);
            return boundary ? MISSING_TURN_SEPARATOR : DROPPED_WHITESPACE;
        }
        if (e.isEmpty() && s.isBlank()) {
            return EXTRA_WHITESPACE;
        }
        if (s.replaceAll("\\s", "").equals(e.replaceAll("\\s", ""))) {
            return MERGED_WHITESPACE;
        }
        return DIFFERENT_TEXT;
    }
}
