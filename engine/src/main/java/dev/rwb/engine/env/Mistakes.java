package dev.rwb.engine.env;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which deliberate mistakes a noisy oracle demonstration contains. */
public enum Mistakes {
    /** Each noisy demonstration picks one of the task's mistakes at random. */
    MIXED("mixed"),
    /**
     * Each noisy demonstration answers at once without calling the tool: the prior of a base model
     * that answers from memory, which Search-R1-style RL has to train away.
     */
    GUESS("guess");

    private final String key;

    Mistakes(String key) {
        this.key = key;
    }

    /** The name used in run configurations. */
    public String key() {
        return key;
    }

    public static Mistakes parse(String key) {
        for (Mistakes m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mistakes '" + key + "' (known: "
                + Arrays.stream(values()).map(Mistakes::key).collect(Collectors.joining(", ")) + ")");
    }
}
