package dev.rwb.engine.score;

import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.store.TokenFloatColumn;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.EnumMap;
import java.util.Map;

/**
 * Re-scores stored trajectories with a model and writes the per-token results back, so an imported
 * text-only rollout gets real per-token log-probabilities and entropies (or, as the reference
 * model, real {@code ref_logprob}s). Each trajectory is written in one transaction.
 */
public final class TrajectoryRescoring {
    private final TokenScorer scorer;
    private final HfTokenizer tokenizer;

    /** What one re-scoring wrote. */
    public record Result(long trajectoryId, int tokens, boolean exactIds, double meanLogprob, StoredTokenAlignment scores) {
    }

    public TrajectoryRescoring(TokenScorer scorer, HfTokenizer tokenizer) {
        this.scorer = scorer;
        this.tokenizer = tokenizer;
    }

    /**
     * Scores trajectory {@code id} and stores the result: its logprob and entropy, or with
     * {@code asReference} its ref_logprob only.
     */
    public Result rescore(WorkbenchStore store, long id, boolean asReference) {
        Trajectory t = store.load(id);
        StoredTokenAlignment a = StoredTokenAlignment.score(t.tokens(), tokenizer, scorer);
        Map<TokenFloatColumn, float[]> columns = new EnumMap<>(TokenFloatColumn.class);
        if (asReference) {
            columns.put(TokenFloatColumn.REF_LOGPROB, a.logprob());
        } else {
            columns.put(TokenFloatColumn.LOGPROB, a.logprob());
            columns.put(TokenFloatColumn.ENTROPY, a.entropy());
        }
        store.updateTokenFloats(id, columns);
        return new Result(id, t.tokens().length(), a.exactIds(), mean(a.logprob()), a);
    }

    private static double mean(float[] values) {
        double sum = 0;
        int n = 0;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
