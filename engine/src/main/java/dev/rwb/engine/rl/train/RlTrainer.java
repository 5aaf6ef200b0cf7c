package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.env.rollout.EpisodeRunner;
import dev.rwb.engine.lint.run.RunLinter;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.GradientStep;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.rl.sampling.PromptSampler;
import dev.rwb.engine.rl.sampling.SuccessTracker;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.RunNames;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The RL loop (issue 5, DESIGN §5), one step at a time: draw prompts → group rollouts → rewards →
 * advantages → mask-policy weights → {@link PolicyUpdate} → metrics, trajectories and (every N
 * steps) a checkpoint pointer committed to the DB in one transaction, so a kill never leaves half
 * a step. Every random stream of step s is seeded from (seed, s), and the sampler's success
 * counts travel with the checkpoint, so a resumed run redoes exactly the steps it lost.
 */
public final class RlTrainer implements AutoCloseable {
    /** The step metric that marks a committed checkpoint (its value is the step). */
    public static final String CHECKPOINT_METRIC = "checkpoint";

    private final RunConfig config;
    private final WorkbenchStore store;
    private final RunInfo run;
    private final Path checkpointRoot;
    private final TrainingListener listener;
    private final RunSetup setup;
    private final TrainingRecipe recipe;
    private RunModel model;
    private GradientStep optimizer;
    private PromptSampler sampler;
    private EpisodeRunner engine;
    private int nextStep = 1;
    private int lastCheckpointStep = -1;

    private RlTrainer(RunConfig config, WorkbenchStore store, RunInfo run, TrainingListener listener, RunSetup setup) {
        this.config = config;
        this.store = store;
        this.run = run;
        this.checkpointRoot = store.checkpointFolder(run);
        this.listener = listener;
        this.setup = setup;
        this.recipe = TrainingRecipe.of(config);
    }

    /**
     * Prepares the run's policy (warm start or checkpoint), then creates the run in the DB; step 0 is
     * evaluated and checkpointed. Everything that can refuse the config (name, task level, pool size,
     * checkpoint, device, context length, warm start) runs before the run row exists or, for the
     * reference checkpoint and step 0, is undone with the run: a failed start leaves no run behind.
     */
    public static RlTrainer start(RunConfig config, WorkbenchStore store, TrainingListener listener) throws IOException {
        RunNames.check(config.name());
        if (store.findRun(config.name()).isPresent()) {
            throw new IllegalArgumentException("run '" + config.name() + "' already exists in " + store.file()
                    + " (choose another name, or --resume it)");
        }
        RunSetup setup = new RunSetup(config);
        if (config.algorithm().promptsPerStep() > setup.trainPool().size()) {
            throw new IllegalArgumentException("algorithm.prompts_per_step = " + config.algorithm().promptsPerStep()
                    + " is more than the " + setup.trainPool().size() + " training problems of " + config.task().name()
                    + " up to level " + config.task().level() + "; use at most " + setup.trainPool().size());
        }
        RunModel model = config.model().isHuggingFace() ? HfRunModel.start(config, setup.device(), listener::message)
                : new GptRunModel(config.model().checkpoint() != null
                ? RunCheckpoint.loadPolicy(Path.of(config.model().checkpoint()), setup.device())
                : setup.freshPolicy(listener::message));
        RunInfo run;
        try {
            run = store.createRun(config.name(), "rl", RunConfigReader.toJson(config));
            listener.opened(run.id(), run.name(), false);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        RlTrainer t = new RlTrainer(config, store, run, listener, setup);
        t.model = model;
        try {
            t.prepare(new SuccessTracker());
            Map<String, Double> metrics = new LinkedHashMap<>(t.evaluate(0));
            t.commit(0, metrics, List.of(), true);
        } catch (IOException | RuntimeException e) {
            t.close();
            try {
                store.deleteRun(run.id());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return t;
    }

    /** Reopens a run at its last committed checkpoint; later steps are deleted and will be redone. */
    public static RlTrainer resume(long runId, WorkbenchStore store, TrainingListener listener) throws Exception {
        RunInfo run = store.run(runId);
        listener.opened(run.id(), run.name(), true);
        RunConfig config = RunConfigReader.parse(run.configJson(), "run " + runId + " config");
        ComputeDevice.configureThreads(config.threads());
        int last = -1;
        for (StepMetric m : store.stepMetrics(runId)) {
            if (m.name().equals(CHECKPOINT_METRIC)) {
                last = Math.max(last, m.step());
            }
        }
        if (last < 0) {
            throw new IllegalStateException("run " + runId + " has no committed checkpoint to resume from");
        }
        store.deleteStepsAfter(runId, last);
        RlTrainer t = new RlTrainer(config, store, run, listener, new RunSetup(config));
        Path dir = t.stepDir(last);
        t.model = config.model().isHuggingFace() ? HfRunModel.resume(config, dir, t.setup.device(), listener::message)
                : new GptRunModel(RunCheckpoint.loadPolicy(dir, t.setup.device()));
        Map<String, Object> state = RunCheckpoint.loadState(dir);
        @SuppressWarnings("unchecked")
        Map<String, ?> counts = (Map<String, ?>) state.get("success_counts");
        // the next step is known before prepare(): with it still at 1, prepare() would save the resumed
        // policy as step-0 and the KL would from then on be measured against the wrong model
        t.nextStep = last + 1;
        t.prepare(SuccessTracker.fromMap(counts));
        RunCheckpoint.loadOptimizer(dir, t.optimizer);
        t.lastCheckpointStep = last;
        listener.message("resuming run " + config.name() + " after step " + last);
        return t;
    }

    private void prepare(SuccessTracker tracker) throws IOException {
        // the learning rate comes from the recipe's schedule per step (StepRunner); Adam's settings from the config
        optimizer = new GradientStep(model.trainable(), recipe.optimizer());
        sampler = new PromptSampler(setup.trainPool(), config.sampling().strategy(), tracker,
                config.seed(), config.steps());
        engine = model.rollouts(setup);
        if (recipe.needsReference()) {
            Path refDir = config.model().checkpoint() != null ? Path.of(config.model().checkpoint()) : stepDir(0);
            model.openReference(refDir, nextStep == 1 && config.model().checkpoint() == null);
        }
    }

    /** The step of the newest checkpoint this trainer wrote or resumed from, or -1 when there is none. */
    public int lastCheckpointStep() {
        return lastCheckpointStep;
    }

    /** The folder of the newest checkpoint ({@link #lastCheckpointStep()}), or null when there is none. */
    public Path lastCheckpoint() {
        return lastCheckpointStep < 0 ? null : stepDir(lastCheckpointStep);
    }

    public long runId() {
        return run.id();
    }

    public String runName() {
        return run.name();
    }

    /** Trains the remaining steps; marks the run finished, or failed with the exception's message. */
    public void train() throws IOException {
        store.setRunStatus(run.id(), "running");
        listener.started(run.id(), run.name(), nextStep, config.steps());
        StepRunner runner = new StepRunner(config, recipe, setup.task(), model, engine, sampler,
                new PolicyUpdate(optimizer, recipe.loss(), recipe.contributions(), config.algorithm().epochs(),
                        config.algorithm().minibatches(), config.entropyCoef() > 0));
        long started = System.nanoTime();
        int done = 0;
        try {
            for (int step = nextStep; step <= config.steps(); step++) {
                StepRunner.Result r = runner.run(step, run.name());
                Map<String, Double> metrics = new LinkedHashMap<>(r.metrics());
                boolean evalNow = config.eval().every() > 0 && (step % config.eval().every() == 0 || step == config.steps());
                if (evalNow) {
                    metrics.putAll(evaluate(step));
                }
                boolean checkpoint = step == config.steps()
                        || (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0);
                commit(step, metrics, r.trajectories(), checkpoint);
                done++;
                double perStep = (System.nanoTime() - started) / 1e9 / done;
                listener.step(run.id(), step, config.steps(), metrics, perStep * (config.steps() - step));
                nextStep = step + 1;
            }
            store.setRunStatus(run.id(), "finished");
        } catch (RuntimeException | IOException e) {
            store.setRunStatus(run.id(), "failed");
            throw e;
        }
    }

    private Map<String, Double> evaluate(int step) {
        HeldOutEvaluator eval = new HeldOutEvaluator(setup.task(),
                setup.heldOut().subList(0, Math.min(config.eval().n(), setup.heldOut().size())),
                config.eval().passK(), (float) config.sampling().temperature());
        return eval.evaluate(engine, config.seed() * 7_777L + step);
    }

    private void commit(int step, Map<String, Double> metrics, List<Trajectory> trajectories, boolean checkpoint)
            throws IOException {
        if (checkpoint) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("step", step);
            state.put("success_counts", sampler.tracker().toMap());
            model.save(stepDir(step), optimizer, state);
            metrics.put(CHECKPOINT_METRIC, (double) step);
            lastCheckpointStep = step;
        }
        Random storeRng = new Random(config.seed() * 13L + step);
        List<Trajectory> kept = new ArrayList<>();
        for (Trajectory t : trajectories) {
            if (storeRng.nextDouble() < config.storeFraction()) {
                kept.add(t);
            }
        }
        store.atomically(() -> {
            store.addStepMetrics(run.id(), step, metrics);
            store.insertAll(kept);
        });
        // the step's mask lints, stored beside its trajectories (DESIGN: lints run on import and on training)
        RunLinter.standard().lint(store, run.name(), step);
    }

    private Path stepDir(int step) {
        return checkpointRoot.resolve("step-" + step);
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
