package dev.rwb.engine.rl.train;

import dev.rwb.engine.model.BatchColumns;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.model.OptimizerSettings;
import dev.rwb.engine.model.SupervisedTrainer;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ObjIntConsumer;

/**
 * Supervised warm start (SFT) on oracle demonstration trajectories: teacher-forced cross-entropy
 * on the model-written tokens only (tool responses and the prompt are context, not targets),
 * {@code L = −(1/M) Σ_{t model} log π(x_t | x_<t)}, through the model's {@link SupervisedTrainer}
 * (AdamW, warm-up + cosine, global gradient clipping). Teaches a from-scratch model the tool
 * protocol before RL.
 */
public final class WarmStart {
    private final SupervisedTrainer trainer;

    /** @param settings the warm start's Adam and schedule ({@link dev.rwb.engine.rl.recipe.TrainingRecipe#warmStartOptimizer()}) */
    public WarmStart(GptPolicy policy, OptimizerSettings settings) {
        this.trainer = new SupervisedTrainer(policy, settings, (step, metrics) -> { });
    }

    /** The optimizer of this warm start: its state goes into the run's warm-start checkpoint. */
    public GradientStep optimizer() {
        return trainer.gradientStep();
    }

    /**
     * Trains {@code steps} steps of {@code batchSize} demonstrations drawn with {@code seed}.
     *
     * @param progress called after each step with (loss, 1-based step)
     * @return the mean loss of the last 10 steps
     */
    public double train(List<Trajectory> demos, int steps, int batchSize, long seed, ObjIntConsumer<Double> progress) {
        return train(demos, steps, batchSize, seed, progress, () -> false);
    }

    /**
     * As {@link #train(List, int, int, long, ObjIntConsumer)}, but stops after the first step at which
     * {@code stop} answers true (a time budget); the learning-rate schedule still spans {@code steps}.
     */
    public double train(List<Trajectory> demos, int steps, int batchSize, long seed, ObjIntConsumer<Double> progress,
                        java.util.function.BooleanSupplier stop) {
        return train(demos, steps, batchSize, seed, 0, progress, stop);
    }

    /**
     * As above, continuing after {@code stepsDone} steps of the same phase (a resumed run, whose
     * optimizer state was restored into {@link #optimizer()}): the batches of the steps already run are
     * drawn and discarded, so step s trains on the same demonstrations as in an uninterrupted run.
     */
    public double train(List<Trajectory> demos, int steps, int batchSize, long seed, int stepsDone,
                        ObjIntConsumer<Double> progress, java.util.function.BooleanSupplier stop) {
        Random rng = new Random(seed);
        int perBatch = Math.min(batchSize, demos.size());
        for (long draw = 0; draw < (long) stepsDone * perBatch; draw++) {
            rng.nextInt(demos.size());
        }
        // one width for the whole phase, its longest demonstration: the same tensor shapes at every step keep
        // libtorch's memory flat (BatchColumns); rwb.warmstart.fixedWidth=false pads each batch to its own
        // longest only (the behaviour before, for benchmarks)
        int longest = demos.stream().mapToInt(d -> d.tokens().tokenIds().length).max().orElse(1);
        BatchColumns columns = Boolean.parseBoolean(System.getProperty("rwb.warmstart.fixedWidth", "true"))
                ? BatchColumns.fixed(longest) : BatchColumns.longest();
        double[] lastLosses = new double[10];
        int counted = 0;
        for (int step = stepsDone + 1; step <= steps; step++) {
            List<int[]> ids = new ArrayList<>();
            List<float[]> weights = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                Trajectory d = demos.get(rng.nextInt(demos.size()));
                ids.add(d.tokens().tokenIds());
                weights.add(modelTokenWeights(d.tokens().roles()));
            }
            double loss = trainer.step(ids, weights, columns).get("loss");
            if (!Double.isFinite(loss)) {
                throw new TrainingDivergedException("warm start step " + step + ": loss is " + loss);
            }
            // mean of the last 10 steps run (a time budget may end the loop early)
            lastLosses[(step - 1) % lastLosses.length] = loss;
            counted = Math.min(counted + 1, lastLosses.length);
            if (progress != null) {
                progress.accept(loss, step);
            }
            if (stop.getAsBoolean()) {
                break;
            }
        }
        double sum = 0;
        for (int i = 0; i < counted; i++) {
            sum += lastLosses[i];
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** 1 on model-written tokens (the targets), 0 on prompt and tool-response tokens. */
    static float[] modelTokenWeights(Role[] roles) {
        float[] w = new float[roles.length];
        for (int i = 0; i < roles.length; i++) {
            w[i] = roles[i].isModelWritten() ? 1f : 0f;
        }
        return w;
    }
}
