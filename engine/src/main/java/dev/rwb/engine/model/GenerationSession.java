package dev.rwb.engine.model;

import java.util.List;
import java.util.Set;

/**
 * A batch of sequences being generated together, with a KV cache kept between calls, so a
 * multi-turn rollout can pause at a tool call, append the tool's observation and resume without
 * recomputing the prefix. Sequences may have different lengths at any time.
 */
public interface GenerationSession extends AutoCloseable {
    int batchSize();

    /** Current length (prompt + everything appended or generated) of sequence {@code b}. */
    int length(int b);

    /**
     * Feeds tokens that were not sampled (a tool's observation) to sequence {@code b}; they go
     * through the model so the cache covers them. Applied lazily or eagerly, before the next generate.
     */
    void append(int b, int[] tokenIds);

    /**
     * Samples at most {@code maxNewTokens} tokens for each sequence whose {@code active[b]} is true,
     * each stopping at its first token in {@code stopTokens} (which is included in the result).
     * Inactive sequences get an empty generation.
     */
    List<Generation> generate(boolean[] active, int maxNewTokens, Set<Integer> stopTokens);

    @Override
    void close();
}
