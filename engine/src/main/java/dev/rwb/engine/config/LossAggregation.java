package dev.rwb.engine.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How the per-token policy-gradient terms are summed into one loss ({@code loss_aggregation}), i.e.
 * which normaliser N divides each token's term (DESIGN §5). For a batch of B sequences with loss
 * weights w:
 * <ul>
 *   <li>{@link #TOKEN_MEAN}: N = Σ_batch Σ_t w_t (every weighted token counts the same);</li>
 *   <li>{@link #SEQ_MEAN_TOKEN_MEAN}: N_i = B · Σ_t w_{i,t} (each sequence counts the same, so
 *       tokens of short sequences weigh more — the length bias Dr. GRPO removes);</li>
 *   <li>{@link #SEQ_MEAN_TOKEN_SUM_NORM} (Dr. GRPO): N = B · L_max, a constant.</li>
 * </ul>
 */
public enum LossAggregation implements ConfigChoice {
    TOKEN_MEAN("token_mean"),
    SEQ_MEAN_TOKEN_MEAN("seq_mean_token_mean"),
    SEQ_MEAN_TOKEN_SUM_NORM("seq_mean_token_sum_norm");

    private final String key;

    LossAggregation(String key) {
        this.key = key;
    }

    /** The name in the run config ({@code token_mean}, …). */
    @JsonValue
    @Override
    public String key() {
        return key;
    }

    /** The name verl gives the same mode ({@code actor.loss_agg_mode}: token-mean, …). */
    public String verlMode() {
        return key.replace('_', '-');
    }

    /** Parses "token_mean", "token-mean", "TOKEN_MEAN", …; unknown names are rejected with the allowed ones. */
    @JsonCreator
    public static LossAggregation parse(String name) {
        return ConfigChoice.parse(LossAggregation.class, name);
    }
}
