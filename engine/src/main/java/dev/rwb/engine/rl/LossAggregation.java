package dev.rwb.engine.rl;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the per-token policy-gradient terms are summed into one loss, i.e. which normaliser N
 * divides each token's term (DESIGN §5). For a batch of B sequences with loss weights w:
 * <ul>
 *   <li>{@link #TOKEN_MEAN}: N = Σ_batch Σ_t w_t (every weighted token counts the same);</li>
 *   <li>{@link #SEQ_MEAN_TOKEN_MEAN}: N_i = B · Σ_t w_{i,t} (each sequence counts the same, so
 *       tokens of short sequences weigh more — the length bias Dr. GRPO removes);</li>
 *   <li>{@link #SEQ_MEAN_TOKEN_SUM_NORM} (Dr. GRPO): N = B · L_max, a constant.</li>
 * </ul>
 */
public enum LossAggregation {
    TOKEN_MEAN("token-mean"),
    SEQ_MEAN_TOKEN_MEAN("seq-mean-token-mean"),
    SEQ_MEAN_TOKEN_SUM_NORM("seq-mean-token-sum-norm");

    private final String key;

    LossAggregation(String key) {
        this.key = key;
    }

    /** The name used in configs and in verl ({@code loss_agg_mode}). */
    public String key() {
        return key;
    }

    /** Parses "token-mean", "TOKEN_MEAN", "seq-mean-token-sum-norm", … */
    public static LossAggregation parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (LossAggregation a : values()) {
            if (a.key.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown loss aggregation '" + name + "' (expected one of "
                + Arrays.stream(values()).map(LossAggregation::key).toList() + ")");
    }
}
