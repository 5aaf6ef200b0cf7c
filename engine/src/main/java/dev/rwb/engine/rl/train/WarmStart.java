package dev.rwb.engine.rl.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.TokenScores;

import java.util.List;
import java.util.Random;

/**
 * Supervised warm start (SFT) on oracle demonstrations: teacher-forced cross-entropy on the
 * model-written tokens only, {@code L = −(1/M) Σ_{t model} log π(x_t | x_<t)}, AdamW with global
 * gradient clipping. Teaches a from-scratch model the tool protocol before RL.
 */
public final class WarmStart {
    private final GptPolicy policy;
    private final AdamW optimizer;
    private final double learningRate;

    public WarmStart(GptPolicy policy, double learningRate, double maxGradNorm) {
        this.policy = policy;
        this.optimizer = new AdamW(policy.model().getParameters(), 0.0, maxGradNorm);
        this.optimizer.attachGradients();
        this.learningRate = learningRate;
    }

    /**
     * Trains {@code steps} steps of {@code batchSize} demonstrations drawn with {@code seed}.
     *
     * @param progress called after each step with (step, loss)
     * @return the mean loss of the last 10 steps
     */
    public double train(List<Demonstrations.Encoded> demos, int steps, int batchSize, long seed,
                        java.util.function.ObjIntConsumer<Double> progress) {
        Random rng = new Random(seed);
        LearningRateSchedule schedule = new LearningRateSchedule(learningRate, Math.min(10, steps / 10), steps, true);
        double recent = 0;
        int counted = 0;
        for (int step = 1; step <= steps; step++) {
            Demonstrations.Encoded[] batch = new Demonstrations.Encoded[Math.min(batchSize, demos.size())];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = demos.get(rng.nextInt(demos.size()));
            }
            double loss = step(batch, schedule.at(step));
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException("warm start step " + step + ": loss is " + loss);
            }
            if (steps - step < 10) {
                recent += loss;
                counted++;
            }
            if (progress != null) {
                progress.accept(loss, step);
            }
        }
        return counted == 0 ? Double.NaN : recent / counted;
    }

    private double step(Demonstrations.Encoded[] batch, double lr) {
        int cols = 0;
        for (Demonstrations.Encoded d : batch) {
            cols = Math.max(cols, d.ids().length);
        }
        long[] ids = new long[batch.length * cols];
        float[] trained = new float[batch.length * cols];
        float count = 0;
        for (int b = 0; b < batch.length; b++) {
            for (int t = 0; t < batch[b].ids().length; t++) {
                ids[b * cols + t] = batch[b].ids()[t];
                if (batch[b].trained()[t]) {
                    trained[b * cols + t] = 1;
                    count++;
                }
            }
        }
        try (NDManager m = policy.manager().newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.zeroGradients();
            NDArray idArr = m.create(ids, new Shape(batch.length, cols));
            NDArray mask = m.create(trained, new Shape(batch.length, cols));
            TokenScores s = policy.scoring().scores(idArr, mask, false);
            // L = −(1/M) Σ_{t model} log π(x_t | x_<t)
            NDArray loss = s.logprobs().sum().neg().div(Math.max(1f, count));
            collector.backward(loss);
            double value = loss.getFloat();
            List<float[]> grads = optimizer.readGradients();
            if (Double.isFinite(value)) {
                optimizer.step(grads, lr);
            }
            return value;
        }
    }
}
