package dev.rwb.engine.trajectory;

import java.util.Locale;

/** Why an episode ended. */
public enum FinishReason {
    /** The model closed its answer (or emitted EOS). */
    STOP,
    /** The token budget ran out. */
    LENGTH,
    /** The maximum number of tool turns was reached. */
    MAX_TURNS,
    /** A tool failed in a way that ended the episode. */
    TOOL_ERROR,
    /** Partial rollout: the episode continues in a later iteration. */
    UNFINISHED;

    /** The lower-case name used in JSON and in the database. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FinishReason parse(String name) {
        try {
            return FinishReason.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown finish reason '" + name + "' (expected one of "
                    + "stop, length, max_turns, tool_error, unfinished)");
        }
    }
}
