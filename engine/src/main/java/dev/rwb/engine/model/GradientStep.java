package dev.rwb.engine.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One optimisation step of a policy for any per-token loss: teacher-forced forward inside a
 * gradient collector, backward, global gradient-norm clipping, AdamW update with the scheduled
 * learning rate. Every step's arrays live in a sub-manager that is closed at the end (without it
 * memory grows by megabytes per step). The supervised trainer and the RL trainer both use this.
 */
public final class GradientStep {
    private final TrainableModel policy;
    private final OptimizerSettings settings;
    private final List<Parameter> parameters;
    private final AdamW optimizer;
    private final TeacherForcing scoring;
    private int step;

    public GradientStep(TrainableModel policy, OptimizerSettings settings) {
        this.policy = policy;
        this.settings = settings;
        this.parameters = new ArrayList<>(policy.trainableParameters());
        this.optimizer = new AdamW(parameters, settings);
        this.scoring = policy.scoring();
    }

    /** Number of steps taken so far. */
    public int stepsTaken() {
        return step;
    }

    /**
     * Runs one step on the sequences (right-padded internally) and returns its metrics:
     * {@code loss}, {@code lr}, {@code grad_norm} (before clipping), {@code clip_scale}.
     */
    public Map<String, Double> run(List<int[]> sequences, boolean withEntropy, TokenLoss loss) {
        // the schedule counts updates from 1
        return run(sequences, withEntropy, loss, settings.learningRateAt(step + 1));
    }

    /**
     * As {@link #run(List, boolean, TokenLoss)} at an explicit learning rate, for callers that keep
     * their own schedule (the RL trainer counts steps that take no update, and minibatches within one).
     */
    public Map<String, Double> run(List<int[]> sequences, boolean withEntropy, TokenLoss loss, float lr) {
        return run(sequences, withEntropy, loss, lr, BatchColumns.longest());
    }

    /**
     * As {@link #run(List, boolean, TokenLoss)}, with the batch padded to the width {@code columns} gives:
     * one fixed width for a whole phase keeps libtorch's memory flat ({@link BatchColumns}); the padding is
     * masked out, so the loss and the gradients are unchanged.
     */
    public Map<String, Double> run(List<int[]> sequences, boolean withEntropy, TokenLoss loss, BatchColumns columns) {
        return run(sequences, withEntropy, loss, settings.learningRateAt(step + 1), columns);
    }

    private Map<String, Double> run(List<int[]> sequences, boolean withEntropy, TokenLoss loss, float lr,
                                    BatchColumns columns) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (NDManager stepManager = policy.manager().newSubManager()) {
            PaddedBatch padded = PaddedBatch.rightPadded(sequences, policy.padId(), columns);
            Shape shape = new Shape(padded.rows(), padded.columns());
            TrainingBatch batch = new TrainingBatch(stepManager.create(padded.ids(), shape),
                    stepManager.create(padded.mask(), shape), stepManager);
            float lossValue;
            // only one collector may exist per JVM, and the forward must run inside it
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                TokenScores scores = scoring.scores(batch.ids(), batch.mask(), withEntropy);
                NDArray value = loss.loss(scores, batch);
                collector.backward(value);
                policy.completeBackward();
                lossValue = value.getFloat();
            }
            List<NDArray> grads = new ArrayList<>(parameters.size());
            for (Parameter p : parameters) {
                NDArray g = p.getArray().getGradient();
                g.attach(stepManager);
                grads.add(g);
            }
            float norm = globalNorm(grads);
            // clip: g ← g · min(1, max_norm / (‖g‖ + 1e-6)) over ALL parameters at once
            float scale = settings.maxGradNorm() > 0 ? Math.min(1f, settings.maxGradNorm() / (norm + 1e-6f)) : 1f;
            if (Float.isFinite(norm)) {
                optimizer.update(grads, lr, scale, stepManager);
            }
            for (Parameter p : parameters) {
                // gradients accumulate across backward passes in PyTorch; clear them for the next step
                JniUtils.zeroGrad((PtNDArray) p.getArray());
            }
            metrics.put("loss", (double) lossValue);
            metrics.put("lr", (double) lr);
            metrics.put("grad_norm", (double) norm);
            metrics.put("clip_scale", (double) scale);
        }
        step++;
        return metrics;
    }

    /** Writes the optimizer's state (moments and step counts), so a resumed run continues it exactly. */
    public void writeState(DataOutputStream out) throws IOException {
        out.writeInt(step);
        optimizer.write(out);
    }

    /** Restores what {@link #writeState} wrote. */
    public void readState(DataInputStream in) throws IOException {
        int steps = in.readInt();
        optimizer.read(in);
        step = steps;
    }

    /** ‖g‖ = √(Σ_p Σ_i g_{p,i}²) over every gradient, with one transfer to Java. */
    static float globalNorm(List<NDArray> grads) {
        NDList squares = new NDList(grads.size());
        for (NDArray g : grads) {
            // low-precision gradients are widened first: a bfloat16 sum of squares loses most digits
            NDArray wide = g.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 ? g
                    : g.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            squares.add(wide.square().sum());
        }
        return NDArrays.stack(squares).sum().sqrt().getFloat();
    }
}
