package dev.rwb.engine.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import dev.rwb.engine.model.CausalLm;
import dev.rwb.engine.model.LayerCache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Qwen2 / Qwen3 / Llama decoder, written from transformers' modeling_qwen2/qwen3/llama:
 * token embedding; per layer x += o_proj(attn(RMSNorm(x))), x += down(silu(gate(h)) · up(h)) with
 * h = RMSNorm(x); a final RMSNorm; an LM head tied to the embedding or separate. Attention is
 * grouped-query (H query heads share H/KV key/value heads), with q/k/v biases (Qwen2), per-head
 * q/k RMSNorm before RoPE (Qwen3), rotate-half RoPE with the config's base and scaling, and an
 * explicit head_dim. Parameters are held under their Hugging Face names.
 *
 * <p>Precision: with float16 weights the projections and attention matmuls run in float16, while
 * the residual stream, every RMSNorm, the attention softmax and the logits stay float32, so the
 * large activations of these models cannot overflow float16's range where they accumulate.
 * With bfloat16 ({@link #bf16()}) the weight matmuls alone run in bfloat16, as under
 * {@code torch.autocast("cpu", torch.bfloat16)}: each projection and the LM head round their input and
 * weight to bfloat16 (a no-op for weights held in bfloat16) and widen their result to float32; the
 * embedding lookup, norms, biases, RoPE, attention (and the KV cache), residual stream and logits are
 * float32.
 *
 * <p>Results of an op belong to its first operand's manager, so every op takes the caller's
 * array first; only the inverse RoPE frequencies live with the parameters.
 */
public final class HfDecoder implements CausalLm {
    /** The weights of one decoder layer. */
    record Layer(Parameter inputNorm, Projection q, Projection k, Projection v, Projection o, Parameter qNorm,
                 Parameter kNorm, Parameter postNorm, Projection gate, Projection up, Projection down) {
        List<Projection> projections() {
            return List.of(q, k, v, o, gate, up, down);
        }
    }

    private final HfConfig config;
    private final DataType dtype;
    private final boolean bf16;
    private final Map<String, Parameter> parameters;
    private final Parameter embedding;
    private final List<Layer> layers = new ArrayList<>();
    private final Parameter finalNorm;
    private final Parameter head;
    private final NDArray inverseFrequencies;
    private LayerCheckpointing checkpointing;

    /**
     * Wraps loaded parameters (HF names → arrays on one device, all of {@code dtype}, or with
     * {@code bf16} float32 and bfloat16 arrays and bfloat16 weight matmuls; {@code dtype} is then FLOAT32).
     */
    HfDecoder(HfConfig config, DataType dtype, boolean bf16, Map<String, Parameter> parameters, NDManager manager) {
        this.config = config;
        this.dtype = dtype;
        this.bf16 = bf16;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.embedding = parameters.get("model.embed_tokens.weight");
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new Layer(p(i, "input_layernorm.weight"), proj(i, "self_attn.q_proj"), proj(i, "self_attn.k_proj"),
                    proj(i, "self_attn.v_proj"), proj(i, "self_attn.o_proj"), p(i, "self_attn.q_norm.weight"),
                    p(i, "self_attn.k_norm.weight"), p(i, "post_attention_layernorm.weight"), proj(i, "mlp.gate_proj"),
                    proj(i, "mlp.up_proj"), proj(i, "mlp.down_proj")));
        }
        this.finalNorm = parameters.get("model.norm.weight");
        this.head = config.tiedEmbeddings() ? embedding : parameters.get("lm_head.weight");
        float[] inv = config.ropeScaling().inverseFrequencies(config.ropeTheta(), config.headDim());
        this.inverseFrequencies = manager.create(inv, new Shape(1, 1, inv.length));
    }

    private Parameter p(int layer, String suffix) {
        return parameters.get(HfTensorNames.layer(layer, suffix));
    }

    private Projection proj(int layer, String suffix) {
        String name = HfTensorNames.layer(layer, suffix);
        return new Projection(name, parameters.get(name + ".weight"), parameters.get(name + ".bias"), bf16);
    }

    public HfConfig config() {
        return config;
    }

    /** Compute dtype of the activations and of every op but the bfloat16 matmuls (float32 or float16). */
    public DataType dtype() {
        return dtype;
    }

    /** True when the weight matmuls run in bfloat16 (see the class comment). */
    public boolean bf16() {
        return bf16;
    }

    /** The base parameters by Hugging Face name (tied head: no lm_head entry). */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    List<Layer> decoderLayers() {
        return layers;
    }

    @Override
    public NDArray forward(NDArray ids, NDArray positions, NDArray bias, List<LayerCache> caches, boolean lastOnly) {
        NDArray x = hidden(ids, positions, bias, caches);
        if (lastOnly) {
            x = x.get(new NDIndex(":, -1:, :"));
        }
        NDArray logits = logits(x);
        return lastOnly ? logits.squeeze(1) : logits;
    }

    @Override
    public NDArray forward(NDArray ids) {
        NDManager m = ids.getManager();
        int t = Math.toIntExact(ids.getShape().get(1));
        long b = ids.getShape().get(0);
        NDArray positions = m.arange(0, t, 1, DataType.INT64).expandDims(0).repeat(0, b);
        return forward(ids, positions, CausalLm.causalBias(m, t), null, false);
    }

    /** Hidden states after the final RMSNorm, (B,T,D) in the compute dtype. */
    NDArray hidden(NDArray ids, NDArray positions, NDArray bias, List<LayerCache> caches) {
        NDArray x = wide(Embedding.embedding(ids, embedding.getArray(), SparseFormat.DENSE).get(0));
        NDList rope = rope(positions);
        // (B?,1,t,S) → (B?,1,1,t,S): broadcast over key/value heads and the query heads sharing each
        NDArray groupedBias = bias.expandDims(2);
        if (checkpointing != null && caches == null && JniUtils.isGradMode()) {
            return rmsNorm(checkpointing.forward(x, rope, groupedBias), finalNorm);
        }
        for (int i = 0; i < layers.size(); i++) {
            x = layer(i, x, rope, groupedBias, caches == null ? null : caches.get(i));
        }
        return rmsNorm(x, finalNorm);
    }

    /** Decoder layer i: x += o_proj(attn(RMSNorm(x))); x += down(silu(gate(h)) · up(h)), h = RMSNorm(x). */
    NDArray layer(int i, NDArray x, NDList rope, NDArray groupedBias, LayerCache cache) {
        Layer layer = layers.get(i);
        x = x.add(wide(attention(layer, rmsNorm(x, layer.inputNorm()), rope, groupedBias, cache)));
        NDArray h = rmsNorm(x, layer.postNorm());
        NDArray gate = layer.gate().apply(h);
        // SwiGLU: down(silu(gate(h)) · up(h)), silu(z) = z·σ(z)
        return x.add(wide(layer.down().apply(gate.mul(Activation.sigmoid(gate)).mul(layer.up().apply(h)))));
    }

    /**
     * Turns gradient checkpointing of the layer stack on or off for training forwards (see
     * {@link LayerCheckpointing}); a checkpointed forward needs {@link #completeBackward()} after the
     * loss's backward.
     */
    void setGradientCheckpointing(boolean on) {
        checkpointing = on ? new LayerCheckpointing(this) : null;
    }

    /** True when the embedding table requires gradients (full fine-tuning). */
    boolean embeddingTrainable() {
        return embedding.getArray().hasGradient();
    }

    boolean gradientCheckpointing() {
        return checkpointing != null;
    }

    /** Backpropagates through the checkpointed layer stack of the last training forward (no-op without one). */
    void completeBackward() {
        if (checkpointing != null) {
            checkpointing.backward();
        }
    }

    /** The residual stream is float32 whatever the weights' dtype. */
    private static NDArray wide(NDArray x) {
        return Casts.toFloat32(x);
    }

    /**
     * Row counts up to which a float32 no-grad head is computed as (W hᵀ)ᵀ instead of h Wᵀ. With a few
     * rows (a decoding step of a small batch) libtorch's CPU GEMM is about 1.8× faster with the
     * vocabulary as the long side of the product: 8 rows × d 256 × 151,936 words, one thread, 21–23 ms
     * against 37–43 ms (docs/BENCHMARKS.md, "Hugging Face decoder"); from 64 rows on h Wᵀ is as fast or
     * faster, and a training forward keeps the plain product for its backward.
     */
    static final int SMALL_BATCH_HEAD_ROWS = 32;

    /** float32 logits from normalised hidden states: h Eᵀ (tied) or h W_headᵀ. */
    NDArray logits(NDArray hidden) {
        if (bf16) {
            return Casts.toFloat32(Linear.linear(Bfloat16.narrow(hidden), Bfloat16.narrow(head.getArray())).get(0));
        }
        Shape shape = hidden.getShape();
        long rows = shape.size() / shape.tail();
        if (rows <= SMALL_BATCH_HEAD_ROWS && hidden.getDataType() == DataType.FLOAT32 && !JniUtils.isGradMode()) {
            // same dot products, other loop order: (V,D)·(D,rows) → (V,rows), transposed back as a view
            NDArray flat = hidden.reshape(rows, shape.tail());
            NDArray product = head.getArray().matMul(flat.transpose());
            // the product belongs to the head's manager (its first operand): hand it to the caller's
            product.attach(hidden.getManager());
            return product.transpose().reshape(shape.slice(0, shape.dimension() - 1).add(config.vocabSize()));
        }
        return Casts.toFloat32(Linear.linear(hidden, head.getArray()).get(0));
    }

    /**
     * RMSNorm as Qwen2RMSNorm / LlamaRMSNorm: normalise in float32, x / √(mean(x²) + ε), cast to
     * the weights' dtype, then scale by the weight (the result feeds the next projection).
     */
    private NDArray rmsNorm(NDArray x, Parameter weight) {
        NDArray h = wide(x);
        NDArray normalised = h.div(h.square().mean(new int[] {-1}, true).add((float) config.rmsNormEps()).sqrt());
        return Casts.to(normalised, dtype).mul(weight.getArray());
    }

    /**
     * cos and sin (B,1,T,head_dim) of angle position·θ_i, duplicated over both halves as in
     * transformers' rotary embedding (computed in float32, cast to the compute dtype).
     */
    private NDList rope(NDArray positions) {
        NDArray angles = positions.toType(DataType.FLOAT32, false).expandDims(2).mul(inverseFrequencies);
        NDArray both = angles.concat(angles, 2).expandDims(1);
        NDArray cos = both.cos();
        NDArray sin = both.sin();
        if (dtype != DataType.FLOAT32) {
            cos = cos.toType(dtype, false);
            sin = sin.toType(dtype, false);
        }
        return new NDList(cos, sin);
    }

    /** x·cos + rotate_half(x)·sin with rotate_half(x1, x2) = (−x2, x1); x is (B,heads,T,head_dim). */
    private static NDArray applyRope(NDArray x, NDList cosSin) {
        NDList halves = x.split(2, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cosSin.get(0)).add(rotated.mul(cosSin.get(1)));
    }

    private NDArray attention(Layer layer, NDArray x, NDList rope, NDArray groupedBias, LayerCache cache) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headDim();
        int rep = heads / kvHeads;
        NDArray q = layer.q().apply(x).reshape(b, t, heads, hd);
        NDArray k = layer.k().apply(x).reshape(b, t, kvHeads, hd);
        NDArray v = layer.v().apply(x).reshape(b, t, kvHeads, hd).transpose(0, 2, 1, 3);
        if (config.qkNorm()) {
            q = rmsNorm(q, layer.qNorm());
            k = rmsNorm(k, layer.kNorm());
        }
        q = applyRope(q.transpose(0, 2, 1, 3), rope);
        k = applyRope(k.transpose(0, 2, 1, 3), rope);
        if (cache != null) {
            // the cache holds keys after RoPE, as transformers' does
            NDList kv = cache.extend(k, v);
            k = kv.get(0);
            v = kv.get(1);
        }
        long s = k.getShape().get(2);
        // GQA without copying k/v: query head h uses kv head h / rep, so the rep query heads of each
        // kv head become rows of one matmul: (B,KV,rep·t,hd) · (B,KV,hd,S)
        NDArray scores = q.reshape(b, kvHeads, rep * t, hd).matMul(k.transpose(0, 1, 3, 2));
        scores = Casts.toFloat32(scores);
        // softmax(q·kᵀ/√hd + bias) in float32, as transformers' eager attention upcasts
        NDArray weights = scores.mul((float) (1.0 / Math.sqrt(hd))).reshape(b, kvHeads, rep, t, s).add(groupedBias)
                .softmax(4).reshape(b, kvHeads, rep * t, s);
        weights = Casts.to(weights, dtype);
        NDArray y = weights.matMul(v).reshape(b, heads, t, hd).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * hd);
        return layer.o().apply(y);
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int contextLength() {
        return config.maxPositions();
    }

    @Override
    public int layers() {
        return config.layers();
    }

    @Override
    public int cacheHeads() {
        return config.kvHeads();
    }

    @Override
    public int headSize() {
        return config.headDim();
    }

    @Override
    public DataType cacheType() {
        return dtype;
    }
}
