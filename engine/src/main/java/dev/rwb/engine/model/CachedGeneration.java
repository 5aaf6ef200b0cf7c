package dev.rwb.engine.model;

import ai.djl.ndarray.NDManager;

import java.util.List;

/** Starts KV-cache generation sessions over any {@link CausalLm} (the GPT and the Hugging Face decoders). */
public final class CachedGeneration {
    private CachedGeneration() {
    }

    /**
     * A KV-cache session whose sequences begin with {@code prompts}; its caches live in a sub-manager
     * of {@code parent} and are freed when the session is closed.
     */
    public static GenerationSession start(CausalLm model, NDManager parent, int padId, List<int[]> prompts,
                                          SamplingParams params) {
        return new KvCacheSession(model, parent, padId, prompts, params);
    }
}
