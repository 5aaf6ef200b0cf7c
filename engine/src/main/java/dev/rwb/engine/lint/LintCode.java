package dev.rwb.engine.lint;

import java.util.Locale;

/**
 * The checks a trajectory or a group can fail, each named after the public bug report it comes from.
 */
public enum LintCode {
    /** A prompt, system or tool-response token trains although the run's mask policy masks its role (RAGEN #71). */
    MASKED_ROLE_TRAINED("RAGEN #71"),
    /** The model's stop token has loss weight 0, so the model never learns to stop (trl PR #5988). */
    STOP_TOKEN_UNTRAINED("trl PR #5988"),
    /** A chat-template or special token such as {@code <|im_start|>} is in the loss (RAGEN #141). */
    TEMPLATE_TOKEN_TRAINED("RAGEN #141"),
    /** A token with loss weight 0 still has a non-zero contribution (ROLL PR #444, verl PR #6362). */
    MASKED_TOKEN_CONTRIBUTES("ROLL PR #444, verl PR #6362"),
    /** The dump's response_length is not the number of tokens in the loss (OpenRLHF #1243). */
    RESPONSE_LENGTH_MISMATCH("OpenRLHF #1243"),
    /** A group's advantages do not average to 0 (group-relative estimators centre them). */
    GROUP_ADVANTAGE_NOT_CENTRED("GRPO definition"),
    /** A group whose rewards are all equal has non-zero advantages (there is no signal to learn from). */
    EQUAL_REWARDS_NONZERO_ADVANTAGE("GRPO definition"),
    /** The policy logprobs are shifted by one position against the token ids (rllm #816). */
    LOGPROB_SHIFTED("rllm #816"),
    /** The reward components do not add up to the reward. */
    REWARD_COMPONENTS_MISMATCH("reward bookkeeping"),
    /**
     * Re-rendering the messages with the model's chat template and re-encoding them does not give
     * the stored ids: a separator dropped at a turn boundary, whitespace merged (verl #6501).
     */
    TEMPLATE_DRIFT("verl #6501, verl #6854"),
    /** Decoding the stored ids and encoding the text again gives other ids: the model is trained on a split it never sampled (trl #5224). */
    RETOKENISATION_DRIFT("trl #5224, SkyRL #123");

    private final String source;

    LintCode(String source) {
        this.source = source;
    }

    /** The kebab-case name used in JSON and in the database, e.g. {@code masked-role-trained}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this is a drift finding (a stored id that re-rendering or re-encoding does not reproduce). */
    public boolean isDrift() {
        return this == TEMPLATE_DRIFT || this == RETOKENISATION_DRIFT;
    }

    /** The public report or definition the check is modelled on. */
    public String source() {
        return source;
    }

    /** Parses {@link #key()} (or the enum name). */
    public static LintCode parse(String key) {
        try {
            return valueOf(key.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown lint code '" + key + "'");
        }
    }
}
