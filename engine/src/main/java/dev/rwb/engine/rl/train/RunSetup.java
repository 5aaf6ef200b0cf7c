package dev.rwb.engine.rl.train;

import ai.djl.Device;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.env.Mistakes;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.GptConfig;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.model.Tokenizer;
import dev.rwb.engine.model.Checkpoint;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.env.rollout.OracleDemonstrations;
import dev.rwb.engine.env.rollout.RolloutConfig;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Trajectory;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a run is made of before its first RL step: the task, its training and held-out problems,
 * and a policy — fresh from a preset (then warm-started on oracle demonstrations when the config
 * asks) or loaded from a checkpoint.
 */
public final class RunSetup {
    /** Training problems drawn per level. */
    static final int POOL_PER_LEVEL = 512;

    private final RunConfig config;
    private final Task task;
    private final List<TaskInstance> trainPool;
    private final List<TaskInstance> heldOut;

    public RunSetup(RunConfig config) {
        this.config = config;
        this.task = TaskCatalog.byName(config.task().name());
        List<Integer> levels = TaskCatalog.levels(task, config.task().level());
        this.trainPool = TaskCatalog.pool(task, levels, Split.TRAIN, POOL_PER_LEVEL, config.seed());
        List<TaskInstance> held = TaskCatalog.pool(task, levels, Split.HELDOUT,
                (config.task().heldoutSize() + levels.size() - 1) / levels.size(), config.seed() + 1);
        this.heldOut = held.subList(0, Math.min(held.size(), config.task().heldoutSize()));
    }

    public Task task() {
        return task;
    }

    public List<TaskInstance> trainPool() {
        return trainPool;
    }

    public List<TaskInstance> heldOut() {
        return heldOut;
    }

    /** The device of the config ("auto" = GPU when DJL sees one). */
    public Device device() {
        return switch (config.device()) {
            case "cpu" -> Device.cpu();
            case "gpu" -> Device.gpu();
            default -> ComputeDevice.select();
        };
    }

    /** The env rollout limits of this config (tool timeout and call length: the engine's defaults). */
    public RolloutConfig rolloutConfig() {
        return RolloutConfig.defaults().withMaxTurns(config.rollout().maxTurns())
                .withMaxResponseTokens(config.rollout().maxNewTokens());
    }

    /** The reward of this config: correctness, format, Kimi length penalty, DAPO overlong shaping. */
    public CompositeReward reward() {
        RewardWeights w = new RewardWeights(1.0, config.reward().formatWeight(), config.reward().lengthPenaltyWeight(),
                0, 512, 128);
        if (config.reward().overlongCache() > 0) {
            w = w.withOverlong(1.0, config.rollout().maxNewTokens(), config.reward().overlongCache());
        }
        return new CompositeReward(w);
    }

    /**
     * Oracle demonstrations of distinct training problems, with the phase's count, noise and
     * mistakes, tokenised and role-labelled by the same rollout engine that runs RL episodes.
     */
    List<Trajectory> demonstrations(RunConfig.Phase phase, Tokenizer tokenizer, int contextLength,
                                    int maxResponseTokens) {
        List<Integer> levels = TaskCatalog.levels(task, config.task().level());
        int per = (phase.demonstrations() + levels.size() - 1) / levels.size();
        List<TaskInstance> problems = TaskCatalog.pool(task, levels, Split.TRAIN, per, config.seed() * 31 + 7);
        OracleDemonstrations oracle = new OracleDemonstrations(tokenizer,
                rolloutConfig().withMaxResponseTokens(maxResponseTokens), reward(), contextLength);
        // a level may have fewer distinct problems than demonstrations asked for: demonstrate them again
        // with other noise draws (each round has its own seed), so the noise rate holds over the whole set
        List<Trajectory> out = new ArrayList<>();
        for (int round = 0; out.size() < phase.demonstrations(); round++) {
            int left = phase.demonstrations() - out.size();
            List<TaskInstance> batch = problems.subList(0, Math.min(left, problems.size()));
            out.addAll(oracle.demonstrate(task, batch, phase.noise(), Mistakes.parse(phase.mistakes()),
                    config.seed() + 1_009L * round, "warm-start"));
        }
        return out;
    }

    /**
     * The phase whose demonstrations make the vocabulary: the first warm-start phase, or the single
     * object's settings when the warm start is off (a run without warm start still needs a vocabulary).
     */
    private RunConfig.Phase vocabularyPhase() {
        RunConfig.WarmStart w = config.warmStart();
        List<RunConfig.Phase> plan = w.plan();
        return plan.isEmpty() ? new RunConfig.Phase(w.steps(), w.demonstrations(), w.noise(), w.mistakes(),
                w.batchSize(), w.learningRate(), w.adamBeta1(), w.adamBeta2(), w.adamEpsilon()) : plan.get(0);
    }

    /**
     * The vocabulary: every word of the first phase's demonstrations (model text and real tool
     * observations) and of the prompts. The demonstrations are first run with a characters-only
     * tokenizer to get their full text. Later phases keep this vocabulary, as {@code rwb sft --from}
     * keeps its checkpoint's.
     */
    private TaskTokenizer vocabulary() {
        List<String> corpus = new ArrayList<>();
        for (Trajectory d : demonstrations(vocabularyPhase(), TaskTokenizer.fromCorpus(List.of(), 1), 1 << 20, 1 << 20)) {
            corpus.add(d.tokens().text());
        }
        heldOut.forEach(t -> corpus.add(t.prompt()));
        trainPool.forEach(t -> corpus.add(t.prompt()));
        return TaskTokenizer.fromCorpus(corpus, 1);
    }

    /**
     * The policy a run starts from before any warm start: fresh from the model preset, or the policy
     * of {@code model.checkpoint} (whose vocabulary and context stay).
     */
    public GptPolicy initialPolicy(Consumer<String> log) {
        if (config.model().checkpoint() != null) {
            GptPolicy policy = Checkpoint.load(Path.of(config.model().checkpoint()), device());
            log.accept("model from checkpoint " + config.model().checkpoint() + ": vocabulary "
                    + policy.tokenizer().vocabSize() + ", context " + policy.contextLength());
            return policy;
        }
        TaskTokenizer vocabulary = vocabulary();
        int context = config.rollout().maxTotalTokens();
        GptConfig shape = switch (config.model().preset()) {
            case "small" -> GptConfig.small(vocabulary.vocabSize(), context);
            case "medium" -> GptConfig.medium(vocabulary.vocabSize(), context);
            default -> GptConfig.tiny(vocabulary.vocabSize(), context);
        };
        GptPolicy policy = GptPolicy.create(shape.toBuilder().seed(config.seed()).build(), vocabulary, device());
        log.accept("model " + config.model().preset() + ": " + shape.parameterCount() + " parameters, vocabulary "
                + vocabulary.vocabSize() + ", context " + context);
        return policy;
    }

    /**
     * The warm start's phases with their demonstrations, tokenised with the policy's tokenizer and cut
     * at its context (capped by {@code rollout.max_total_tokens}); only demonstrations that end within
     * it are kept.
     *
     * @throws IllegalArgumentException when a phase has no demonstration that fits
     */
    public WarmStartPlan warmStartPlan(GptPolicy policy) {
        List<RunConfig.Phase> phases = config.warmStart().plan();
        if (phases.isEmpty()) {
            return WarmStartPlan.NONE;
        }
        int context = Math.min(policy.contextLength(), config.rollout().maxTotalTokens());
        List<WarmStartPlan.Phase> out = new ArrayList<>();
        for (RunConfig.Phase phase : phases) {
            List<Trajectory> demos = new ArrayList<>();
            for (Trajectory d : demonstrations(phase, policy.tokenizer(), context, context)) {
                if (d.finishReason() == FinishReason.STOP) {
                    demos.add(d);
                }
            }
            if (demos.isEmpty()) {
                throw new IllegalArgumentException("no demonstration fits rollout.max_total_tokens = " + context);
            }
            out.add(new WarmStartPlan.Phase(phase, demos));
        }
        return new WarmStartPlan(out);
    }

    /**
     * A fresh policy from the model preset (or, when {@code model.checkpoint} is set, the policy of
     * that checkpoint, whose warm start this continues), warm-started when {@code warm_start.steps}
     * &gt; 0 and saved to {@code warm_start.save_to} when set.
     */
    public GptPolicy freshPolicy(Consumer<String> log) {
        return freshPolicy(log, (loss, step) -> { });
    }

    /** As {@link #freshPolicy(Consumer)}, reporting each warm-start step's loss (steps numbered from 1 across phases). */
    public GptPolicy freshPolicy(Consumer<String> log, java.util.function.ObjIntConsumer<Double> onWarmStartStep) {
        return freshPolicy(log, onWarmStartStep, () -> false);
    }

    /**
     * As above, ending the warm start early once {@code stop} answers true (e.g. a time budget). This is
     * {@code rwb sft}'s warm start, outside any run: no checkpoints are written on the way.
     */
    public GptPolicy freshPolicy(Consumer<String> log, java.util.function.ObjIntConsumer<Double> onWarmStartStep,
                                 java.util.function.BooleanSupplier stop) {
        GptPolicy policy = initialPolicy(log);
        try {
            WarmStartPlan plan = warmStartPlan(policy);
            new WarmStartRunner(policy, plan, TrainingRecipe.of(config), config.seed(), null, Integer.MAX_VALUE)
                    .run(WarmStartRunner.Progress.START, (phase, step, global, loss, eta) -> onWarmStartStep.accept(loss, global),
                            stop, log);
            saveWarmStarted(policy, log);
        } catch (java.io.IOException e) {
            policy.close();
            throw new java.io.UncheckedIOException(e);
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
        return policy;
    }

    /** Saves the warm-started policy to {@code warm_start.save_to}, when set. */
    void saveWarmStarted(GptPolicy policy, Consumer<String> log) {
        RunConfig.WarmStart ws = config.warmStart();
        if (ws.saveTo() != null) {
            Checkpoint.save(policy, Path.of(ws.saveTo()));
            log.accept("warm-started model saved to " + ws.saveTo() + " (start later runs from it with model.checkpoint)");
        }
    }
}
