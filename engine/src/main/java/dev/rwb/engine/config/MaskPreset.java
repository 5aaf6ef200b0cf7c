package dev.rwb.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The loss-mask preset of a run ({@code mask.preset}, DESIGN §5); per-role weights may refine it. */
public enum MaskPreset implements ConfigChoice {
    /** Search-R1: model-written tokens train, tool responses are masked out. */
    SEARCH_R1("search_r1"),
    /** Every response token trains, tool responses included. */
    NO_MASKING("no_masking"),
    /** Only the final answer's tokens train. */
    ANSWER_ONLY("answer_only"),
    /** Per-role weights given in {@code mask.weights}. */
    CUSTOM("custom");

    private final String key;

    MaskPreset(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /** Reads a config key; unknown keys are rejected with the allowed ones named. */
    @JsonCreator
    public static MaskPreset of(String key) {
        return ConfigChoice.parse(MaskPreset.class, key);
    }
}
