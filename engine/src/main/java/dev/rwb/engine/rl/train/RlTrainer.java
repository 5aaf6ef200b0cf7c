package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.env.rollout.EpisodeRunner;
import dev.rwb.engine.lint.run.RunLinter;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.GptPolicy;
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
    /** The run's status while it warm-starts. */
    public static final String WARM_START_STATUS = "warm_start";
    /** The warm start's loss, one value per warm-start step (1-based across phases). */
    public static final String WARM_START_LOSS = WorkbenchStore.WARM_START_METRICS + "loss";
    /** The 1-based warm-start phase of each warm-start step. */
    public static final String WARM_START_PHASE = WorkbenchStore.WARM_START_METRICS + "phase";

    private final RunConfig config;
    private final WorkbenchStore store;
    private final RunInfo run;
    private final Path checkpointRoot;
    private final TrainingListener listener;
    private final RunSetup setup;
    private final TrainingRecipe recipe;
    private RunModel model;
    /** The GPT policy inside {@link #model} that a warm start trains, or null (a Hugging Face model). */
    private GptPolicy warmPolicy;
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
     * Validates everything that can refuse the config (name, task level, pool size, checkpoint,
     * device, context length, the warm start's demonstrations), then creates the run in the DB and
     * tells the listener its id; then runs the warm start as the run's first phase (status
     * {@value #WARM_START_STATUS}, checkpointed, resumable), then evaluates and checkpoints step 0.
     * A failed start leaves no run behind, also when the warm start or step 0 fails (issue 17); a
     * killed process leaves the run in its warm start, with its checkpoint, for {@code --resume}.
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
        RunModel model;
        GptPolicy gpt = null;
        if (config.model().isHuggingFace()) {
            model = HfRunModel.start(config, setup.device(), listener::message);
        } else {
            gpt = config.model().checkpoint() != null
                    ? RunCheckpoint.loadPolicy(Path.of(config.model().checkpoint()), setup.device())
                    : setup.initialPolicy(listener::message);
            model = new GptRunModel(gpt);
        }
        WarmStartPlan plan;
        RunInfo run;
        try {
            // a run from model.checkpoint (or a Hugging Face model) starts from that model; it runs no warm start
            plan = gpt == null || config.model().checkpoint() != null ? WarmStartPlan.NONE : setup.warmStartPlan(gpt);
            run = store.createRun(config.name(), "rl", RunConfigReader.toJson(config));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        RlTrainer t = new RlTrainer(config, store, run, listener, setup);
        t.model = model;
        t.warmPolicy = gpt;
        if (plan.isEmpty()) {
            listener.opened(run.id(), run.name(), false);
            t.startRl(true);
            return t;
        }
        store.setRunStatus(run.id(), WARM_START_STATUS);
        listener.opened(run.id(), run.name(), false);
        t.warmStart(plan, WarmStartRunner.Progress.START, true);
        t.startRl(true);
        return t;
    }

    /**
     * Reopens a run at its last committed checkpoint; later steps are deleted and will be redone. A run
     * stopped during its warm start continues the warm start from its warm-start checkpoint (or from
     * the beginning when it had none yet), then starts RL.
     */
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
        boolean warmStarts = !config.model().isHuggingFace() && config.model().checkpoint() == null
                && config.warmStart().totalSteps() > 0;
        if (last < 0 && warmStarts) {
            return resumeWarmStart(run, config, store, listener);
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

    /** A run stopped in its warm start (or before step 0 was committed): continue the warm start, then start RL. */
    private static RlTrainer resumeWarmStart(RunInfo run, RunConfig config, WorkbenchStore store,
                                             TrainingListener listener) throws IOException {
        RlTrainer t = new RlTrainer(config, store, run, listener, new RunSetup(config));
        Path dir = t.warmStartDir();
        WarmStartRunner.Progress from = WarmStartRunner.progressIn(dir);
        t.warmPolicy = from.equals(WarmStartRunner.Progress.START) ? t.setup.initialPolicy(listener::message)
                : RunCheckpoint.loadPolicy(dir, t.setup.device());
        t.model = new GptRunModel(t.warmPolicy);
        WarmStartPlan plan;
        try {
            plan = t.setup.warmStartPlan(t.warmPolicy);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        int at = new WarmStartRunner(t.warmPolicy, plan, t.recipe, config.seed(), dir, 1).globalStep(from);
        listener.message("resuming run " + config.name() + " in its warm start after step " + at + " of "
                + plan.totalSteps());
        store.setRunStatus(run.id(), WARM_START_STATUS);
        t.warmStart(plan, from, false);
        t.startRl(false);
        return t;
    }

    /**
     * Runs the warm start from {@code from} to its end: the loss of each step goes to the listener and,
     * batched, to the step metrics {@value #WARM_START_LOSS} and {@value #WARM_START_PHASE} (numbered by
     * warm-start step across phases), written before each checkpoint so the stored curve never lags the
     * checkpoint a resume continues from; metrics past that checkpoint are deleted first (they are redone).
     */
    private void warmStart(WarmStartPlan plan, WarmStartRunner.Progress from, boolean deleteOnFailure)
            throws IOException {
        WarmStartRunner runner = new WarmStartRunner(warmPolicy, plan, recipe, config.seed(), warmStartDir(),
                config.warmStart().checkpointEvery());
        store.deleteWarmStartMetricsAfter(run.id(), runner.globalStep(from));
        WarmStartMetrics metrics = new WarmStartMetrics(store, run.id());
        int phases = plan.phases().size();
        try {
            runner.run(from, new WarmStartRunner.Steps() {
                @Override
                public void step(int phase, int step, int globalStep, double loss, double etaSeconds) {
                    metrics.add(globalStep, phase, loss);
                    listener.warmStart(run.id(), phase, phases, step, plan.phases().get(phase - 1).settings().steps(),
                            loss, etaSeconds);
                }

                @Override
                public void beforeCheckpoint(int globalStep) {
                    metrics.flush();
                }
            }, () -> false, listener::message);
            metrics.flush();
            setup.saveWarmStarted(warmPolicy, listener::message);
        } catch (IOException | RuntimeException e) {
            abandon(e, deleteOnFailure);
            throw e;
        }
    }

    /**
     * Prepares RL (optimizer, sampler, rollout engine, reference) and commits step 0 with its held-out
     * evaluation and checkpoint. On failure a starting run is deleted (a failed start leaves no run),
     * a resumed one is marked failed and kept.
     */
    private void startRl(boolean deleteOnFailure) throws IOException {
        try {
            prepare(new SuccessTracker());
            Map<String, Double> metrics = new LinkedHashMap<>(evaluate(0));
            commit(0, metrics, List.of(), true);
        } catch (IOException | RuntimeException e) {
            abandon(e, deleteOnFailure);
            throw e;
        }
    }

    /**
     * After a failed start: frees the model and deletes the run (a failed start leaves no run) or,
     * for a resumed run, marks it failed; a failure of that cleanup is kept on {@code e}.
     */
    private void abandon(Exception e, boolean deleteOnFailure) {
        close();
        try {
            if (deleteOnFailure) {
                store.deleteRun(run.id());
            } else {
                store.setRunStatus(run.id(), "failed");
            }
        } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
        }
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

    /** The warm start's checkpoint (replaced as it goes; kept after it for a look at the warm-started model). */
    private Path warmStartDir() {
        return checkpointRoot.resolve("warm-start");
    }

    @Override
    public void close() {
        if (model != null) {
            model.close();
        }
    }
}
