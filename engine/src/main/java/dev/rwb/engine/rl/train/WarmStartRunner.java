package dev.rwb.engine.rl.train;

import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.rl.recipe.TrainingRecipe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a {@link WarmStartPlan} on a policy, phase after phase: each phase is a fresh {@link WarmStart}
 * (its own AdamW and warm-up + cosine schedule) over its demonstrations, continuing the weights of the
 * phase before, as a chain of {@code rwb sft --from} commands does. With a checkpoint folder, every
 * {@code checkpointEvery} steps and at the end of each phase the policy, the phase's optimizer state and
 * where the warm start stands ({@code state.json}: phase, steps done) replace that folder atomically
 * ({@link RunCheckpoint}), and {@link #run} continues from what {@link #progressIn} reads back there.
 */
public final class WarmStartRunner {
    private static final String PHASE = "phase";
    private static final String STEPS_DONE = "steps_done";
    private static final String GLOBAL_STEP = "global_step";

    /**
     * Where a warm start stands.
     *
     * @param phase the 0-based phase to run next (= the number of phases once all are done)
     * @param stepsDone steps of that phase already run
     */
    public record Progress(int phase, int stepsDone) {
        /** Nothing run yet. */
        public static final Progress START = new Progress(0, 0);
    }

    /** Receives the warm start's steps. */
    public interface Steps {
        /**
         * One step is done.
         *
         * @param phase 1-based phase
         * @param step 1-based step within the phase
         * @param globalStep 1-based step across all phases
         * @param etaSeconds seconds until the last phase ends, at this run's mean step time so far
         */
        void step(int phase, int step, int globalStep, double loss, double etaSeconds);

        /** A checkpoint of {@code globalStep} is about to be written: what it must not outrun is written first. */
        default void beforeCheckpoint(int globalStep) {
        }
    }

    private final GptPolicy policy;
    private final WarmStartPlan plan;
    private final TrainingRecipe recipe;
    private final long seed;
    private final Path checkpoint;
    private final int checkpointEvery;

    /**
     * @param seed the run's seed: each phase draws its batches with it (as {@code rwb sft --seed} does)
     * @param checkpoint the folder of the warm-start checkpoint, or null for none
     * @param checkpointEvery steps between checkpoints within a phase
     */
    public WarmStartRunner(GptPolicy policy, WarmStartPlan plan, TrainingRecipe recipe, long seed, Path checkpoint,
                           int checkpointEvery) {
        this.policy = policy;
        this.plan = plan;
        this.recipe = recipe;
        this.seed = seed;
        this.checkpoint = checkpoint;
        this.checkpointEvery = Math.max(1, checkpointEvery);
    }

    /** Where the warm start of a checkpoint folder stands; {@link Progress#START} when there is no checkpoint. */
    public static Progress progressIn(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return Progress.START;
        }
        Map<String, Object> state = RunCheckpoint.loadState(dir);
        if (!(state.get(PHASE) instanceof Number phase) || !(state.get(STEPS_DONE) instanceof Number done)) {
            throw new IOException(dir + ": not a warm-start checkpoint (no phase and steps_done in "
                    + RunCheckpoint.STATE + ")");
        }
        return new Progress(phase.intValue(), done.intValue());
    }

    /** The 1-based global step a progress stands at (0 = nothing run). */
    public int globalStep(Progress p) {
        if (p.phase() >= plan.phases().size()) {
            return plan.totalSteps();
        }
        return plan.globalStep(p.phase(), p.stepsDone());
    }

    /**
     * Runs the warm start from {@code from} (its optimizer state is read from the checkpoint folder when
     * {@code from} is inside a phase) until the last phase ends or {@code stop} answers true.
     *
     * @return where it stopped: {@code phase == phases().size()} when all phases are done
     */
    public Progress run(Progress from, Steps steps, BooleanSupplier stop, Consumer<String> log) throws IOException {
        int phases = plan.phases().size();
        int first = globalStep(from);
        long started = System.nanoTime();
        for (int i = from.phase(); i < phases; i++) {
            WarmStartPlan.Phase p = plan.phases().get(i);
            int total = p.settings().steps();
            int done = i == from.phase() ? from.stepsDone() : 0;
            if (done >= total) {
                continue;
            }
            WarmStart warmStart = new WarmStart(policy, recipe.warmStartOptimizer(p.settings()));
            if (done > 0 && (checkpoint == null || !RunCheckpoint.loadOptimizer(checkpoint, warmStart.optimizer()))) {
                throw new IOException("cannot continue warm-start phase " + (i + 1) + " after step " + done
                        + ": its optimizer state is not in " + checkpoint);
            }
            int phase = i;
            String of = phases == 1 ? "" : " of phase " + (i + 1) + "/" + phases;
            int[] ran = {done};
            long t0 = System.nanoTime();
            double loss;
            try {
                loss = warmStart.train(p.demonstrations(), total, p.settings().batchSize(), seed, done, (l, s) -> {
                    ran[0] = s;
                    int global = plan.globalStep(phase, s);
                    double eta = (System.nanoTime() - started) / 1e9 / (global - first) * (plan.totalSteps() - global);
                    steps.step(phase + 1, s, global, l, eta);
                    if (s % 50 == 0 || s == total) {
                        log.accept(String.format("warm start step %d/%d%s loss %.4f, ETA %s", s, total, of, l,
                                duration(eta)));
                    }
                    if (checkpoint != null && (s % checkpointEvery == 0 || s == total)) {
                        steps.beforeCheckpoint(global);
                        save(phase, s, global, warmStart);
                    }
                }, stop);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            log.accept(String.format("warm start%s done: %d of %d steps on %d demonstrations, final loss %.4f, %.1f s",
                    of, ran[0] - done, total - done, p.demonstrations().size(), loss, (System.nanoTime() - t0) / 1e9));
            if (ran[0] < total) {
                return new Progress(i, ran[0]);
            }
        }
        return new Progress(phases, 0);
    }

    /** A duration for people: "45 s", "6 min". */
    static String duration(double seconds) {
        return seconds < 90 ? Math.round(seconds) + " s" : Math.round(seconds / 60) + " min";
    }

    private void save(int phase, int stepsDone, int global, WarmStart warmStart) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(PHASE, phase);
        state.put(STEPS_DONE, stepsDone);
        state.put(GLOBAL_STEP, global);
        try {
            RunCheckpoint.save(checkpoint, policy, warmStart.optimizer(), state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
