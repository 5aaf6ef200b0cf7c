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
     * Oracle demonstrations (with the config's noise) of distinct training problems, tokenised and
     * role-labelled by the same rollout engine that runs RL episodes.
     */
    List<Trajectory> demonstrations(Tokenizer tokenizer, int contextLength, int maxResponseTokens) {
        List<Integer> levels = TaskCatalog.levels(task, config.task().level());
        int per = (config.warmStart().demonstrations() + levels.size() - 1) / levels.size();
        List<TaskInstance> problems = TaskCatalog.pool(task, levels, Split.TRAIN, per, config.seed() * 31 + 7);
        OracleDemonstrations oracle = new OracleDemonstrations(tokenizer,
                rolloutConfig().withMaxResponseTokens(maxResponseTokens), reward(), contextLength);
        // a level may have fewer distinct problems than demonstrations asked for: demonstrate them again
        // with other noise draws (each round has its own seed), so the noise rate holds over the whole set
        List<Trajectory> out = new ArrayList<>();
        for (int round = 0; out.size() < config.warmStart().demonstrations(); round++) {
            int left = config.warmStart().demonstrations() - out.size();
            List<TaskInstance> batch = problems.subList(0, Math.min(left, problems.size()));
            out.addAll(oracle.demonstrate(task, batch, config.warmStart().noise(),
                    Mistakes.parse(config.warmStart().mistakes()), config.seed() + 1_009L * round,
                    "warm-start"));
        }
        return out;
    }

    /**
     * The vocabulary: every word of the demonstrations (model text and real tool observations) and
     * of the prompts. The demonstrations are first run with a characters-only tokenizer to get
     * their full text.
     */
    private TaskTokenizer vocabulary() {
        List<String> corpus = new ArrayList<>();
        for (Trajectory d : demonstrations(TaskTokenizer.fromCorpus(List.of(), 1), 1 << 20, 1 << 20)) {
            corpus.add(d.tokens().text());
        }
        heldOut.forEach(t -> corpus.add(t.prompt()));
        trainPool.forEach(t -> corpus.add(t.prompt()));
        return TaskTokenizer.fromCorpus(corpus, 1);
    }

    /**
     * A fresh policy from the model preset (or, when {@code model.checkpoint} is set, the policy of
     * that checkpoint, whose warm start this continues), warm-started when {@code warm_start.steps}
     * &gt; 0 and saved to {@code warm_start.save_to} when set.
     */
    public GptPolicy freshPolicy(Consumer<String> log) {
        return freshPolicy(log, (loss, step) -> { });
    }

    /** As {@link #freshPolicy(Consumer)}, reporting each warm-start step's loss (step numbers from 1). */
    public GptPolicy freshPolicy(Consumer<String> log, java.util.function.ObjIntConsumer<Double> onWarmStartStep) {
        return freshPolicy(log, onWarmStartStep, () -> false);
    }

    /** As above, ending the warm start early once {@code stop} answers true (e.g. a time budget). */
    public GptPolicy freshPolicy(Consumer<String> log, java.util.function.ObjIntConsumer<Double> onWarmStartStep,
                                 java.util.function.BooleanSupplier stop) {
        GptPolicy policy;
        Tokenizer tokenizer;
        int context;
        if (config.model().checkpoint() != null) {
            // Continue an earlier warm start: its vocabulary and context stay, so the demonstrations
            // are tokenized with the checkpoint's tokenizer and cut at the checkpoint's context.
            policy = Checkpoint.load(Path.of(config.model().checkpoint()), device());
            tokenizer = policy.tokenizer();
            context = Math.min(policy.contextLength(), config.rollout().maxTotalTokens());
            log.accept("model from checkpoint " + config.model().checkpoint() + ": vocabulary "
                    + tokenizer.vocabSize() + ", context " + policy.contextLength());
        } else {
            TaskTokenizer vocabulary = vocabulary();
            tokenizer = vocabulary;
            context = config.rollout().maxTotalTokens();
            GptConfig shape = switch (config.model().preset()) {
                case "small" -> GptConfig.small(vocabulary.vocabSize(), context);
                case "medium" -> GptConfig.medium(vocabulary.vocabSize(), context);
                default -> GptConfig.tiny(vocabulary.vocabSize(), context);
            };
            policy = GptPolicy.create(shape.toBuilder().seed(config.seed()).build(), vocabulary, device());
            log.accept("model " + config.model().preset() + ": " + shape.parameterCount() + " parameters, vocabulary "
                    + vocabulary.vocabSize() + ", context " + context);
        }
        RunConfig.WarmStart ws = config.warmStart();
        if (ws.steps() > 0) {
            List<Trajectory> demos = new ArrayList<>();
            for (Trajectory d : demonstrations(tokenizer, context, context)) {
                if (d.finishReason() == FinishReason.STOP) {
                    demos.add(d);
                }
            }
            if (demos.isEmpty()) {
                throw new IllegalArgumentException("no demonstration fits rollout.max_total_tokens = " + context);
            }
            long t0 = System.nanoTime();
            int[] ran = {0};
            double loss = new WarmStart(policy, TrainingRecipe.of(config).warmStartOptimizer())
                    .train(demos, ws.steps(), ws.batchSize(), config.seed(), (l, s) -> {
                        ran[0] = s;
                        onWarmStartStep.accept(l, s);
                        if (s % 50 == 0 || s == ws.steps()) {
                            log.accept("warm start step " + s + "/" + ws.steps() + " loss " + String.format("%.4f", l));
                        }
                    }, stop);
            log.accept(String.format("warm start done: %d of %d steps on %d demonstrations, final loss %.4f, %.1f s",
                    ran[0], ws.steps(), demos.size(), loss, (System.nanoTime() - t0) / 1e9));
        }
        if (ws.saveTo() != null) {
            Checkpoint.save(policy, Path.of(ws.saveTo()));
            log.accept("warm-started model saved to " + ws.saveTo() + " (start later runs from it with model.checkpoint)");
        }
        return policy;
    }
}
