package dev.rwb.engine.store;

/**
 * The per-token float arrays of a stored trajectory that can be rewritten after the fact, e.g. by
 * re-scoring an imported rollout with the model that wrote it ({@code rwb score --db}).
 */
public enum TokenFloatColumn {
    LOSS_WEIGHT("loss_weight"),
    LOGPROB("logprob"),
    REF_LOGPROB("ref_logprob"),
    ENTROPY("entropy"),
    ADVANTAGE("advantage"),
    CONTRIBUTION("contribution");

    private final String column;

    TokenFloatColumn(String column) {
        this.column = column;
    }

    /** The column of {@code trajectory_tokens} (and the field name of the JSONL schema). */
    public String column() {
        return column;
    }
}
