package dev.rwb.engine.store;

/**
 * Run names are labels, never paths (issue 17: {@code "name": "../../escaped-run"} once wrote
 * checkpoints outside the database's folder). Files of a run are keyed by its id
 * ({@link WorkbenchStore#checkpointFolder}); a name only has to be readable and unique: 1 to
 * {@link #MAX_LENGTH} characters, not blank, no control or invisible formatting characters
 * (newlines, tabs, bidi overrides) and no lone surrogates.
 */
public final class RunNames {
    /** Longest name accepted. */
    public static final int MAX_LENGTH = 128;

    private RunNames() {
    }

    /** Throws IllegalArgumentException naming what is wrong with {@code name}. */
    public static void check(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a run name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a run name may have at most " + MAX_LENGTH + " characters, this one has "
                    + name.length());
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                throw new IllegalArgumentException(String.format("a run name must not contain control or formatting "
                        + "characters: U+%04X at position %d", (int) c, i + 1));
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("a run name must be well-formed Unicode: lone surrogate at position "
                            + (i + 1));
                }
                i++;
            }
        }
    }
}
