package dev.rwb.engine.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * What {@link GradientStep} needs from a model: the parameters it updates (all of them for full
 * fine-tuning, only the adapters for LoRA), the teacher-forced scoring to differentiate, the
 * manager whose sub-managers hold each step's arrays, and the padding id.
 */
public interface TrainableModel {
    /** The parameters the optimizer updates; their arrays require gradients. */
    List<Parameter> trainableParameters();

    TeacherForcing scoring();

    /** The manager that owns the parameters. */
    NDManager manager();

    /** Token id used to right-pad batches (masked out of every loss). */
    int padId();

    /**
     * Finishes a backward pass the model split up (gradient checkpointing recomputes its layers
     * here); {@link GradientStep} calls it right after {@code collector.backward(loss)}, inside the
     * collector. Models that backpropagate in one pass do nothing.
     */
    default void completeBackward() {
    }
}
