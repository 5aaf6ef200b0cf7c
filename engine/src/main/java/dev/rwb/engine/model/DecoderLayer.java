package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** One pre-LayerNorm transformer block: x += attn(ln1(x)); x += fc2(gelu(fc1(ln2(x)))). */
final class DecoderLayer extends AbstractBlock {
    private final LayerNorm ln1;
    private final CausalSelfAttention attention;
    private final LayerNorm ln2;
    private final Linear fc1;
    private final Linear fc2;
    private final Shape normShape;

    DecoderLayer(GptConfig config) {
        // axis(2): normalise over the channel axis of (B,T,C), not over (T,C)
        this.ln1 = addChildBlock("ln1", LayerNorm.builder().axis(2).build());
        this.attention = addChildBlock("attn", new CausalSelfAttention(config));
        this.ln2 = addChildBlock("ln2", LayerNorm.builder().axis(2).build());
        this.fc1 = addChildBlock("fc1", Linear.builder().setUnits((long) config.mlpRatio() * config.dModel()).build());
        this.fc2 = addChildBlock("fc2", Linear.builder().setUnits(config.dModel()).build());
        this.normShape = new Shape(config.dModel());
    }

    NDArray forward(NDArray x, NDList rope, NDArray bias, LayerCache cache) {
        x = x.add(attention.forward(norm(ln1, x), rope, bias, cache));
        NDArray hidden = Activation.gelu(linear(fc1, norm(ln2, x)));
        return x.add(linear(fc2, hidden));
    }

    private NDArray norm(LayerNorm ln, NDArray x) {
        return norm(ln, x, normShape);
    }

    static NDArray norm(LayerNorm ln, NDArray x, Shape normShape) {
        PairList<String, Parameter> p = ln.getParameters();
        return LayerNorm.layerNorm(x, normShape, p.get("gamma").getArray(), p.get("beta").getArray(), 1e-5f).get(0);
    }

    private static NDArray linear(Linear layer, NDArray x) {
        PairList<String, Parameter> p = layer.getParameters();
        return Linear.linear(x, p.get("weight").getArray(), p.get("bias").getArray()).get(0);
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
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        ln1.initialize(manager, dataType, x);
        attention.initialize(manager, dataType, x, new Shape(1, 1, x.get(1), x.get(1)));
        ln2.initialize(manager, dataType, x);
        fc1.initialize(manager, dataType, x);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {x})[0]);
    }
}
