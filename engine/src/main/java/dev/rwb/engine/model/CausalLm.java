package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;

import java.util.List;

/**
 * A causal decoder that the shared scoring, KV-cache sampling and training code can drive: the
 * project's own {@link Gpt} and the Hugging Face decoders ({@code dev.rwb.engine.hf}).
 * Logits are always float32, whatever the weights' dtype.
 */
public interface CausalLm {
    /**
     * General forward pass.
     *
     * @param ids token ids (B,T), int64
     * @param positions position of each token (B,T), int64
     * @param bias additive attention bias broadcastable to (B,1,T,S) where S = cached slots + T
     *             (0 = may attend, {@link #MASKED} = masked)
     * @param caches one cache per layer (see {@link #cacheHeads()}), or null for a pass without cache
     * @param lastOnly compute logits only for the last column (decoding)
     * @return float32 logits (B,T,V), or (B,V) when lastOnly
     */
    NDArray forward(NDArray ids, NDArray positions, NDArray bias, List<LayerCache> caches, boolean lastOnly);

    /** float32 logits (B,T,V) for right-padded sequences starting at position 0 (causal mask only). */
    NDArray forward(NDArray ids);

    /** Additive bias for masked attention slots: finite, so a fully masked row stays NaN-free. */
    float MASKED = -1e9f;

    int vocabSize();

    int contextLength();

    int layers();

    /** Heads whose keys/values a layer caches (the key/value heads under grouped-query attention). */
    int cacheHeads();

    int headSize();

    /** Element type of the cached keys and values (the weights' compute dtype). */
    DataType cacheType();

    /** Additive (1,1,T,T) float32 bias: 0 on and below the diagonal, {@link #MASKED} above it. */
    static NDArray causalBias(NDManager manager, int t) {
        float[] bias = new float[t * t];
        for (int q = 0; q < t; q++) {
            for (int k = q + 1; k < t; k++) {
                bias[q * t + k] = MASKED;
            }
        }
        return manager.create(bias, new Shape(1, 1, t, t));
    }
}
