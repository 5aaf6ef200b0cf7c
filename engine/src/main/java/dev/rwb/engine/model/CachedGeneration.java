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
        boolean plain = params.topK() == 0 && params.topP() >= 1f;
        return new KvCacheSession(model, parent, padId, prompts, params, plain && model.vocabSize() >= DEVICE_SAMPLING_VOCAB);
    }

    /**
     * From this vocabulary size on, greedy and plain temperature sampling pick on the device (see
     * {@link DevicePicker}): copying a 151,936-wide row to Java and two scalar passes over it cost as
     * much as the LM head's matmul of a small model. Below it (our own GPT's few hundred tokens) Java's
     * pick is cheaper than the extra native calls.
     */
    static final int DEVICE_SAMPLING_VOCAB = 4096;

    /** As {@link #start}, choosing the picker explicitly (tests compare both). */
    static GenerationSession start(CausalLm model, NDManager parent, int padId, List<int[]> prompts,
                                   SamplingParams params, boolean deviceSampling) {
        return new KvCacheSession(model, parent, padId, prompts, params, deviceSampling);
    }
}
