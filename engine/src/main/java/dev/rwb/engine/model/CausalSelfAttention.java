package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Multi-head causal self-attention with a fused q/k/v projection. Masking (causality, padding,
 * sequences of different lengths in one batch) comes in as an additive bias, so one code path
 * serves full-sequence scoring and KV-cached decoding.
 */
final class CausalSelfAttention extends AbstractBlock {
    private final int heads;
    private final int headSize;
    private final Linear qkv;
    private final Linear proj;
    private final Parameter qkvWeight;
    private final Parameter qkvBias;
    private final Parameter projWeight;
    private final Parameter projBias;

    CausalSelfAttention(GptConfig config) {
        this.heads = config.heads();
        this.headSize = config.headSize();
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * config.dModel()).build());
        this.proj = addChildBlock("proj", Linear.builder().setUnits(config.dModel()).build());
        this.qkvWeight = qkv.getParameters().get("weight");
        this.qkvBias = qkv.getParameters().get("bias");
        this.projWeight = proj.getParameters().get("weight");
        this.projBias = proj.getParameters().get("bias");
    }

    /**
     * @param x (B,T,D) normalised input
     * @param rope cos/sin from {@link RotaryTable#lookup}, or null for learned positions
     * @param bias additive attention bias broadcastable to (B,H,T,S): 0 = may attend, -1e9 = masked
     * @param cache this layer's cache (keys/values of earlier positions), or null
     */
    NDArray forward(NDArray x, NDList rope, NDArray bias, LayerCache cache) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long d = x.getShape().get(2);
        NDList parts = Linear.linear(x, qkvWeight.getArray(), qkvBias.getArray()).get(0).split(3, 2);
        NDArray q = heads(parts.get(0), b, t);
        NDArray k = heads(parts.get(1), b, t);
        NDArray v = heads(parts.get(2), b, t);
        if (rope != null) {
            q = RotaryTable.apply(q, rope);
            k = RotaryTable.apply(k, rope);
        }
        if (cache != null) {
            NDList kv = cache.extend(k, v);
            k = kv.get(0);
            v = kv.get(1);
        }
        // att = softmax(q·kᵀ / √d_head + bias); y = att·v
        NDArray att = q.mul(1.0 / Math.sqrt(headSize)).matMul(k.transpose(0, 1, 3, 2)).add(bias).softmax(3);
        NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, d);
        return Linear.linear(y, projWeight.getArray(), projBias.getArray()).get(0);
    }

    /** (B,T,D) → (B,H,T,D/H). */
    private NDArray heads(NDArray z, long b, long t) {
        return z.reshape(b, t, heads, headSize).transpose(0, 2, 1, 3);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.get(0), null, inputs.get(1), null));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, inputShapes[0]);
        proj.initialize(manager, dataType, inputShapes[0]);
    }
}
