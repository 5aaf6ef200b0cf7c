package dev.rwb.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The shape of the learning-rate schedule after its linear warm-up ({@code optimizer.schedule}). */
public enum ScheduleShape implements ConfigChoice {
    /** The peak rate for the rest of the run. */
    CONSTANT("constant"),
    /** Cosine decay from the peak to 10% of it at the last step. */
    COSINE("cosine");

    private final String key;

    ScheduleShape(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /** Reads a config key; unknown keys are rejected with the allowed ones named. */
    @JsonCreator
    public static ScheduleShape of(String key) {
        return ConfigChoice.parse(ScheduleShape.class, key);
    }
}
