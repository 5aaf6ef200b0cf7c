package dev.rwb.engine.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;

/**
 * One linear projection of the decoder, y = x Wᵀ (+ b), optionally with a LoRA adapter:
 * y += (α/r)·(x Aᵀ) Bᵀ. The adapter is kept and computed in float32 whatever the base's dtype
 * (its float32 weights are the master copy), and the result is cast back to the base's dtype.
 */
final class Projection {
    private final String name;
    private final Parameter weight;
    private final Parameter bias;
    private Parameter loraA;
    private Parameter loraB;
    private float loraScale;
    private boolean loraSuspended;

    Projection(String name, Parameter weight, Parameter bias) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
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
        NDArray y = bias == null ? Linear.linear(x, weight.getArray()).get(0)
                : Linear.linear(x, weight.getArray(), bias.getArray()).get(0);
        if (loraA == null || loraSuspended) {
            return y;
        }
        NDArray x32 = Casts.toFloat32(x);
        NDArray delta = Linear.linear(Linear.linear(x32, loraA.getArray()).get(0), loraB.getArray()).get(0).mul(loraScale);
        return y.add(Casts.to(delta, y.getDataType()));
    }
}
