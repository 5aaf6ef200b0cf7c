package dev.rwb.engine.rl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter), preceded by global gradient-norm
 * clipping (DJL's built-in Adam clips element-wise only, DESIGN §5). The moments live in Java
 * arrays so they travel with checkpoints; the models here are small (≤ 25M parameters), so the
 * copy to and from the tensors costs little next to the forward and backward passes.
 *
 * <p>The model area may ship its own optimizer; this one is the trainer's, kept in its package.
 */
public final class AdamW {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final List<Parameter> parameters = new ArrayList<>();
    private final List<float[]> m = new ArrayList<>();
    private final List<float[]> v = new ArrayList<>();
    private final double weightDecay;
    private final double maxGradNorm;
    private long steps;

    /**
     * @param maxGradNorm global L2 norm the gradients are scaled down to; 0 = no clipping
     */
    public AdamW(PairList<String, Parameter> params, double weightDecay, double maxGradNorm) {
        for (Pair<String, Parameter> p : params) {
            parameters.add(p.getValue());
            int n = Math.toIntExact(p.getValue().getArray().size());
            m.add(new float[n]);
            v.add(new float[n]);
        }
        this.weightDecay = weightDecay;
        this.maxGradNorm = maxGradNorm;
    }

    /** Marks every parameter as requiring gradients (call once before training). */
    public void attachGradients() {
        for (Parameter p : parameters) {
            p.getArray().setRequiresGradient(true);
        }
    }

    /** The gradients of every parameter, read from the tensors after backward. */
    public List<float[]> readGradients() {
        List<float[]> out = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            NDArray g = p.getArray().getGradient();
            out.add(g.toFloatArray());
            g.close();
        }
        return out;
    }

    /** ‖g‖₂ over all parameters together. */
    public static double globalNorm(List<float[]> grads) {
        double sq = 0;
        for (float[] g : grads) {
            for (float x : g) {
                sq += (double) x * x;
            }
        }
        return Math.sqrt(sq);
    }

    /**
     * Clips the gradients to the global norm, then applies one AdamW step at learning rate {@code lr}.
     *
     * @return the gradient norm before clipping
     */
    public double step(List<float[]> grads, double lr) {
        double norm = globalNorm(grads);
        // global clip: g ← g · min(1, max_norm / ‖g‖)
        double scale = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / norm : 1.0;
        steps++;
        double bc1 = 1 - Math.pow(BETA1, steps);
        double bc2 = 1 - Math.pow(BETA2, steps);
        for (int p = 0; p < parameters.size(); p++) {
            NDArray array = parameters.get(p).getArray();
            float[] w = array.toFloatArray();
            float[] g = grads.get(p);
            float[] mp = m.get(p);
            float[] vp = v.get(p);
            for (int i = 0; i < w.length; i++) {
                double gi = g[i] * scale;
                // m ← β1·m + (1−β1)·g ;  v ← β2·v + (1−β2)·g²
                mp[i] = (float) (BETA1 * mp[i] + (1 - BETA1) * gi);
                vp[i] = (float) (BETA2 * vp[i] + (1 - BETA2) * gi * gi);
                // θ ← θ − lr·( m̂/(√v̂ + ε) + λ·θ )
                double update = (mp[i] / bc1) / (Math.sqrt(vp[i] / bc2) + EPS) + weightDecay * w[i];
                w[i] = (float) (w[i] - lr * update);
            }
            array.set(FloatBuffer.wrap(w));
        }
        return norm;
    }

    public long steps() {
        return steps;
    }

    /** Writes the step count and both moments. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(parameters.size());
        for (int p = 0; p < parameters.size(); p++) {
            writeFloats(out, m.get(p));
            writeFloats(out, v.get(p));
        }
    }

    /** Restores what {@link #save} wrote; the parameter shapes must match. */
    public void load(DataInputStream in) throws IOException {
        steps = in.readLong();
        int n = in.readInt();
        if (n != parameters.size()) {
            throw new IOException("optimizer state has " + n + " parameters, the model has " + parameters.size());
        }
        for (int p = 0; p < n; p++) {
            readFloats(in, m.get(p));
            readFloats(in, v.get(p));
        }
    }

    private static void writeFloats(DataOutputStream out, float[] xs) throws IOException {
        out.writeInt(xs.length);
        for (float x : xs) {
            out.writeFloat(x);
        }
    }

    private static void readFloats(DataInputStream in, float[] into) throws IOException {
        int n = in.readInt();
        if (n != into.length) {
            throw new IOException("optimizer moment of " + n + " values, parameter has " + into.length);
        }
        for (int i = 0; i < n; i++) {
            into[i] = in.readFloat();
        }
    }
}
