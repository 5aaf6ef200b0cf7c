package dev.rwb.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Where the KL penalty acts ({@code kl.placement}): in the loss (coefficient β) or subtracted from the reward. */
public enum KlPlacement implements ConfigChoice {
    /** β·k(t) is a term of the loss, so it is part of every token's contribution. */
    LOSS("loss"),
    /** r ← r − β Σ_t k(t) over the model-written tokens, before the advantages. */
    REWARD("reward");

    private final String key;

    KlPlacement(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /** Reads a config key; unknown keys are rejected with the allowed ones named. */
    @JsonCreator
    public static KlPlacement of(String key) {
        return ConfigChoice.parse(KlPlacement.class, key);
    }
}
