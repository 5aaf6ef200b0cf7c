package dev.rwb.engine.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * One linear projection of the decoder, y = x Wᵀ (+ b), optionally with a LoRA adapter:
 * y += (α/r)·(x Aᵀ) Bᵀ. The adapter is kept and computed in float32 whatever the base's dtype
 * (its float32 weights are the master copy), and the result is cast back to the base's dtype.
 * With bfloat16 matmuls the input and weight are rounded to bfloat16 (the weight is usually held in
 * bfloat16 already; a float32 master of full fine-tuning is rounded at each call, differentiably) and
 * the product is widened to float32 before the float32 bias is added.
 */
final class Projection {
    private final String name;
    private final Parameter weight;
    private final Parameter bias;
    private final boolean bf16;
    private Parameter loraA;
    private Parameter loraB;
    private float loraScale;
    private boolean loraSuspended;

    Projection(String name, Parameter weight, Parameter bias, boolean bf16) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
        this.bf16 = bf16;
    }

    /** HF name of the weight without ".weight" (e.g. {@code model.layers.0.self_attn.q_proj}). */
    String name() {
        return name;
    }

    Parameter weight() {
        return weight;
    }

    Parameter bias() {
        return bias;
    }

    Parameter loraA() {
        return loraA;
    }

    Parameter loraB() {
        return loraB;
    }

    float loraScale() {
        return loraScale;
    }

    void attachLora(Parameter a, Parameter b, float scale) {
        this.loraA = a;
        this.loraB = b;
        this.loraScale = scale;
    }

    void suspendLora() {
        loraSuspended = true;
    }

    void resumeLora() {
        loraSuspended = false;
    }

    NDArray apply(NDArray x) {
        NDArray y = bf16 ? base16(x) : bias == null ? Linear.linear(x, weight.getArray()).get(0)
                : Linear.linear(x, weight.getArray(), bias.getArray()).get(0);
        if (loraA == null || loraSuspended) {
            return y;
        }
        NDArray x32 = Casts.toFloat32(x);
        NDArray delta = Linear.linear(Linear.linear(x32, loraA.getArray()).get(0), loraB.getArray()).get(0).mul(loraScale);
        return y.add(Casts.to(delta, y.getDataType()));
    }

    /** x Wᵀ with bfloat16 operands, widened to float32, + b (float32). */
    private NDArray base16(NDArray x) {
        NDArray y = Casts.toFloat32(Linear.linear(Bfloat16.narrow(x), Bfloat16.narrow(weight.getArray())).get(0));
        return bias == null ? y : y.add(bias.getArray());
    }
}
