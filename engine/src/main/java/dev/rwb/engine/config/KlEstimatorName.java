package dev.rwb.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which per-token KL estimator to the frozen reference a run uses ({@code kl.estimator}, DESIGN §5). */
public enum KlEstimatorName implements ConfigChoice {
    /** No reference policy: no KL is recorded, none is in the loss or the reward. */
    NONE("none"),
    /** k1 = log π − log π_ref (unbiased, high variance). */
    K1("k1"),
    /** k3 = e^δ − δ − 1, δ = log π_ref − log π (unbiased, ≥ 0; verl's low_var_kl). */
    K3("k3");

    private final String key;

    KlEstimatorName(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /** Reads a config key; unknown keys are rejected with the allowed ones named. */
    @JsonCreator
    public static KlEstimatorName of(String key) {
        return ConfigChoice.parse(KlEstimatorName.class, key);
    }
}
