package dev.rwb.engine.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient checkpointing of the decoder's layer stack (as {@code torch.utils.checkpoint}, which DJL
 * lacks): activation memory of O(1) layers instead of O(L), for one extra forward of every layer.
 *
 * <p>Forward (inside the gradient collector): the stack runs with grad mode off, keeping only each
 * layer's input x_i (B,T,D); the last output becomes a leaf that requires gradients, so the loss's
 * graph ends there. After {@code collector.backward(loss)} has filled dL/dx_L and the gradients of
 * the final norm and LM head, {@link #backward()} walks down: layer i is recomputed from a detached
 * x_i, now a leaf that requires gradients, and {@code torch.autograd.backward(y_i, dL/dy_i)} (a
 * vector-Jacobian product, the same gradients as backpropagating Σ y_i·dL/dy_i) adds layer i's
 * parameter gradients and yields dL/dx_i for the layer below. The embedding gets dL/dx_0 last.
 * PyTorch accumulates {@code .grad} over backward calls and DJL's PtGradientCollector does not zero
 * it in between, so the parameters end with the same sums as one ordinary backward. Each layer's
 * recomputation lives in its own sub-manager, closed once its gradient has passed down.
 */
final class LayerCheckpointing {
    private final HfDecoder decoder;
    private List<NDArray> inputs;
    private NDArray embedded;
    private NDArray top;
    private NDList rope;
    private NDArray bias;

    LayerCheckpointing(HfDecoder decoder) {
        this.decoder = decoder;
    }

    /** Runs the layers on the embedded tokens {@code x0} without a graph; returns x_L as a leaf. */
    NDArray forward(NDArray x0, NDList rope, NDArray groupedBias) {
        if (inputs != null && !inputs.get(0).isReleased()) {
            throw new IllegalStateException("a checkpointed forward is waiting for its backward: call "
                    + "completeBackward() after each training loss's backward");
        }
        NDManager step = x0.getManager();
        List<NDArray> kept = new ArrayList<>(decoder.layers());
        JniUtils.setGradMode(false);
        try {
            // a copy without history (DJL's stopGradient detaches in place, which would cut x0's own graph)
            NDArray x = x0.duplicate();
            for (int i = 0; i < decoder.layers(); i++) {
                kept.add(x);
                try (NDManager layer = step.newSubManager()) {
                    x.tempAttach(layer);
                    NDArray y = decoder.layer(i, x, rope, groupedBias, null);
                    y.attach(step);
                    x = y;
                }
            }
            x.setRequiresGradient(true);
            this.inputs = kept;
            this.embedded = x0;
            this.top = x;
            this.rope = rope;
            this.bias = groupedBias;
            return x;
        } finally {
            JniUtils.setGradMode(true);
        }
    }

    /** Backpropagates dL/dx_L (already in the top leaf's gradient) down the stack and into the embedding. */
    void backward() {
        if (inputs == null) {
            return;
        }
        try {
            NDManager step = top.getManager();
            NDArray grad = top.getGradient();
            for (int i = inputs.size() - 1; i >= 0; i--) {
                try (NDManager layer = step.newSubManager()) {
                    // x_i was computed without grad mode: it is a leaf, and from here on it requires gradients
                    NDArray x = inputs.get(i);
                    x.attach(layer);
                    x.setRequiresGradient(true);
                    NDArray y = decoder.layer(i, x, rope, bias, null);
                    JniUtils.backward((PtNDArray) y, (PtNDArray) grad, false, false);
                    grad = x.getGradient();
                    grad.attach(step);
                }
            }
            // DJL's requiresGrad reports false for a non-leaf like x0: ask the embedding table itself
            if (decoder.embeddingTrainable()) {
                // full fine-tuning: the embedding table learns from dL/dx_0
                JniUtils.backward((PtNDArray) embedded, (PtNDArray) grad, false, false);
            }
        } finally {
            inputs = null;
            embedded = null;
            top = null;
            rope = null;
            bias = null;
        }
    }
}
