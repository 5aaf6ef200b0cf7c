package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A GPT-style causal decoder as a DJL block: token embedding (+ learned positions, or RoPE inside
 * attention), pre-LayerNorm decoder layers, a final LayerNorm and a tied or separate output head.
 *
 * <p>The block's standard {@link #forward} maps ids (B,T) to logits (B,T,V) with a causal mask.
 * {@link #forward(NDArray, NDArray, NDArray, List, boolean)} is the general form used by scoring
 * and the KV-cache sampler: explicit positions per token, an additive attention bias, optional caches.
 *
 * <p>Results of an op belong to its first operand's manager, so every op here takes the caller's
 * (per-step) array first and the parameters second; nothing is allocated in the model's manager.
 */
public final class Gpt extends AbstractBlock implements CausalLm {
    private final GptConfig config;
    private final Parameter tokenEmbedding;
    private final Parameter positionEmbedding;
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear head;
    private RotaryTable rotary;

    /** Builds the block structure; call {@link #initialize} (or load parameters) before use. */
    public Gpt(GptConfig config) {
        this.config = config;
        this.tokenEmbedding = addParameter(Parameter.builder().setName("token_embedding")
                .setType(Parameter.Type.WEIGHT).optShape(new Shape(config.vocabSize(), config.dModel())).build());
        this.positionEmbedding = config.positions() == PositionEncoding.LEARNED
                ? addParameter(Parameter.builder().setName("position_embedding").setType(Parameter.Type.WEIGHT)
                        .optShape(new Shape(config.contextLength(), config.dModel())).build())
                : null;
        for (int i = 0; i < config.layers(); i++) {
            layers.add(addChildBlock("layer" + i, new DecoderLayer(config)));
        }
        this.finalNorm = addChildBlock("ln_f", LayerNorm.builder().axis(2).build());
        this.head = config.tiedHead() ? null
                : addChildBlock("head", Linear.builder().setUnits(config.vocabSize()).optBias(false).build());
        // GPT-2 initialisation: N(0, 0.02²) for every weight matrix and embedding
        setInitializer(new SeededNormalInitializer(config.seed(), 0.02f), Parameter.Type.WEIGHT);
    }

    public GptConfig config() {
        return config;
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int contextLength() {
        return config.contextLength();
    }

    @Override
    public int layers() {
        return config.layers();
    }

    @Override
    public int cacheHeads() {
        return config.heads();
    }

    @Override
    public int headSize() {
        return config.headSize();
    }

    @Override
    public DataType cacheType() {
        return DataType.FLOAT32;
    }

    /** Creates all parameters (seeded from the config) on {@code manager}'s device. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, config.contextLength()));
    }

    /** {@inheritDoc} Positions must be below the context length (learned positions or the RoPE table). */
    @Override
    public NDArray forward(NDArray ids, NDArray positions, NDArray bias, List<LayerCache> caches, boolean lastOnly) {
        NDArray x = Embedding.embedding(ids, tokenEmbedding.getArray(), SparseFormat.DENSE).get(0);
        NDList rope = null;
        if (positionEmbedding != null) {
            x = x.add(Embedding.embedding(positions, positionEmbedding.getArray(), SparseFormat.DENSE).get(0));
        } else {
            rope = rotary().lookup(positions);
        }
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x, rope, bias, caches == null ? null : caches.get(i));
        }
        if (lastOnly) {
            x = x.get(new NDIndex(":, -1:, :"));
        }
        x = DecoderLayer.norm(finalNorm, x, new Shape(config.dModel()));
        NDArray weight = head == null ? tokenEmbedding.getArray() : head.getParameters().get("weight").getArray();
        NDArray logits = Linear.linear(x, weight).get(0);
        return lastOnly ? logits.squeeze(1) : logits;
    }

    @Override
    public NDArray forward(NDArray ids) {
        NDManager m = ids.getManager();
        int t = Math.toIntExact(ids.getShape().get(1));
        long b = ids.getShape().get(0);
        if (t > config.contextLength()) {
            throw new IllegalArgumentException("sequence length " + t + " exceeds context length " + config.contextLength());
        }
        NDArray positions = m.arange(0, t, 1, DataType.INT64).expandDims(0).repeat(0, b);
        return forward(ids, positions, CausalLm.causalBias(m, t), null, false);
    }

    private RotaryTable rotary() {
        if (rotary == null) {
            // a constant of the model, so it lives with the parameters, not in the caller's step
            rotary = new RotaryTable(tokenEmbedding.getArray().getManager(), config.contextLength(), config.headSize());
        }
        return rotary;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // single-device model: parameters are read directly, so the parameter store is not needed
        return new NDList(forward(inputs.get(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.vocabSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.dModel());
        for (DecoderLayer layer : layers) {
            layer.initialize(manager, dataType, x);
        }
        finalNorm.initialize(manager, dataType, x);
        if (head != null) {
            head.initialize(manager, dataType, x);
        }
    }
}
