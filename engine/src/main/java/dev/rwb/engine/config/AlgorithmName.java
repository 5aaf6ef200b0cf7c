package dev.rwb.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The advantage estimator and update rule of a run ({@code algorithm.name}, DESIGN §5). */
public enum AlgorithmName implements ConfigChoice {
    /** GRPO (DeepSeekMath): group-standardised rewards, PPO clip. */
    GRPO("grpo"),
    /** Dr. GRPO: group-centred rewards, constant loss normaliser. */
    DR_GRPO("dr_grpo"),
    /** RLOO: leave-one-out baseline. */
    RLOO("rloo"),
    /** REINFORCE with a mean baseline and Kimi k1.5's squared log-ratio term, no clip. */
    REINFORCE("reinforce"),
    /** PPO without a critic: group mean baseline, batch-normalised advantages. */
    PPO("ppo");

    private final String key;

    AlgorithmName(String key) {
        this.key = key;
    }

    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /** Reads a config key ("grpo", "dr_grpo", …). */
    @JsonCreator
    public static AlgorithmName of(String key) {
        return ConfigChoice.parse(AlgorithmName.class, key);
    }
}
