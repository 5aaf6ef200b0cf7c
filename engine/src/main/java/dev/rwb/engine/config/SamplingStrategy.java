package dev.rwb.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How the prompts of a step are drawn ({@code sampling.strategy}, DESIGN §5). */
public enum SamplingStrategy implements ConfigChoice {
    /** Every problem equally likely. */
    UNIFORM("uniform"),
    /** Only problems of the current level, rising from easy to hard over the run. */
    CURRICULUM("curriculum"),
    /** Problem i with probability ∝ 1 − s_i, its tracked success rate. */
    PRIORITIZED("prioritized");

    private final String key;

    SamplingStrategy(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /** Reads a config key; unknown keys are rejected with the allowed ones named. */
    @JsonCreator
    public static SamplingStrategy of(String key) {
        return ConfigChoice.parse(SamplingStrategy.class, key);
    }
}
