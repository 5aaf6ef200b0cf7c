package dev.rwb.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), written over the parameter arrays
 * instead of DJL's Trainer + Optimizer because: the whole update must see one global
 * gradient-norm scale (DJL's clip is element-wise); a step whose gradients are all zero (every
 * advantage 0 in RL) must be a valid no-op, where DJL's first trainer.step() throws; and the
 * learning rate comes from our schedule per step. Moments live next to the parameters.
 *
 * <p>Mixed precision: a parameter stored in bfloat16/float16 (the Hugging Face models on a GPU) gets
 * a float32 master copy; gradients are widened to float32, moments and the update are float32 on the
 * master, and the parameter is overwritten with the master rounded to its dtype after each step, so
 * small updates accumulate instead of vanishing below the 8-bit mantissa.
 */
final class AdamW {
    private final List<Parameter> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    /** float32 master weights of low-precision parameters (null for float32 ones). */
    private final List<NDArray> masters = new ArrayList<>();
    private final boolean[] decays;
    private final OptimizerSettings settings;
    private int t;

    AdamW(List<Parameter> parameters, OptimizerSettings settings) {
        this.parameters = List.copyOf(parameters);
        this.settings = settings;
        this.decays = new boolean[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            NDArray w = parameters.get(i).getArray();
            NDManager owner = w.getManager();
            firstMoments.add(owner.zeros(w.getShape(), DataType.FLOAT32));
            secondMoments.add(owner.zeros(w.getShape(), DataType.FLOAT32));
            masters.add(w.getDataType() == DataType.FLOAT32 ? null : w.toType(DataType.FLOAT32, true));
            // nanoGPT: decay matrices and embeddings, not biases or LayerNorm gains
            decays[i] = w.getShape().dimension() >= 2;
        }
    }

    /**
     * One update with the given gradients (same order as the parameters), each multiplied by
     * {@code gradScale} first (the global clip factor). Temporaries go to {@code step}: an op's
     * result belongs to its first operand's manager, which for the moments is the model's.
     */
    /** Writes the step count and both moments (for resuming a run with the same optimizer state). */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(t);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            writeFloats(out, firstMoments.get(i).toFloatArray());
            writeFloats(out, secondMoments.get(i).toFloatArray());
        }
    }

    /** Restores what {@link #write} wrote; the parameter shapes must match. */
    void read(DataInputStream in) throws IOException {
        int steps = in.readInt();
        int n = in.readInt();
        if (n != parameters.size()) {
            throw new IOException("optimizer state has " + n + " parameters, the model has " + parameters.size());
        }
        for (int i = 0; i < n; i++) {
            firstMoments.get(i).set(java.nio.FloatBuffer.wrap(readFloats(in, firstMoments.get(i).size())));
            secondMoments.get(i).set(java.nio.FloatBuffer.wrap(readFloats(in, secondMoments.get(i).size())));
        }
        t = steps;
    }

    private static void writeFloats(DataOutputStream out, float[] xs) throws IOException {
        out.writeInt(xs.length);
        for (float x : xs) {
            out.writeFloat(x);
        }
    }

    private static float[] readFloats(DataInputStream in, long expected) throws IOException {
        int n = in.readInt();
        if (n != expected) {
            throw new IOException("optimizer moment of " + n + " values, parameter has " + expected);
        }
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = in.readFloat();
        }
        return xs;
    }

    void update(List<NDArray> grads, float learningRate, float gradScale, NDManager step) {
        t++;
        float b1 = settings.beta1();
        float b2 = settings.beta2();
        // bias corrections: lr_t = lr · √(1−β₂ᵗ) / (1−β₁ᵗ)  (Kingma & Ba, section 2)
        float correctedLr = (float) (learningRate * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t)));
        for (int i = 0; i < parameters.size(); i++) {
            NDArray param = parameters.get(i).getArray();
            NDArray master = masters.get(i);
            NDArray w = master != null ? master : param;
            NDArray grad = grads.get(i);
            if (grad.getDataType() != DataType.FLOAT32) {
                grad = grad.toType(DataType.FLOAT32, false);
                grad.attach(step);
            }
            NDArray g = grad.mul(gradScale);
            NDArray m = firstMoments.get(i);
            NDArray v = secondMoments.get(i);
            // m ← β₁m + (1−β₁)g ;  v ← β₂v + (1−β₂)g²
            m.muli(b1).addi(g.mul(1 - b1));
            v.muli(b2).addi(g.square().muli(1 - b2));
            if (decays[i] && settings.weightDecay() > 0) {
                // decoupled decay: w ← w − lr·λ·w
                w.muli(1 - learningRate * settings.weightDecay());
            }
            // w ← w − lr_t · m / (√v + ε)
            NDArray denominator = v.sqrt();
            denominator.attach(step);
            NDArray delta = m.div(denominator.addi(settings.epsilon()));
            delta.attach(step);
            w.subi(delta.muli(correctedLr));
            if (master != null) {
                NDArray rounded = master.toType(param.getDataType(), true);
                rounded.attach(step);
                param.set(new NDIndex("..."), rounded);
            }
        }
    }
}
