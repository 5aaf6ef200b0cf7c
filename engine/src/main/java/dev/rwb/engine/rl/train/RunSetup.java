package dev.rwb.engine.rl.train;

import ai.djl.Device;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.GptConfig;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.model.TaskTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /** Oracle demonstrations of training problems, as text pieces. */
    public List<List<Demonstrations.Piece>> demonstrations() {
        Random rng = new Random(config.seed() * 31 + 7);
        List<List<Demonstrations.Piece>> out = new ArrayList<>();
        for (int i = 0; i < config.warmStart().demonstrations(); i++) {
            TaskInstance inst = trainPool.get(rng.nextInt(trainPool.size()));
            out.add(Demonstrations.pieces(task, inst, config.warmStart().noise(), rng));
        }
        return out;
    }

    /**
     * A fresh policy from the model preset, its vocabulary built from the demonstrations and the
     * held-out prompts, warm-started when {@code warm_start.steps} &gt; 0.
     */
    public GptPolicy freshPolicy(Consumer<String> log) {
        List<List<Demonstrations.Piece>> demos = demonstrations();
        List<String> corpus = new ArrayList<>();
        demos.forEach(d -> corpus.add(Demonstrations.text(d)));
        heldOut.forEach(t -> corpus.add(t.prompt()));
        trainPool.forEach(t -> corpus.add(t.prompt()));
        TaskTokenizer tokenizer = TaskTokenizer.fromCorpus(corpus, 1);
        int context = config.rollout().maxTotalTokens();
        GptConfig shape = switch (config.model().preset()) {
            case "small" -> GptConfig.small(tokenizer.vocabSize(), context);
            case "medium" -> GptConfig.medium(tokenizer.vocabSize(), context);
            default -> GptConfig.tiny(tokenizer.vocabSize(), context);
        };
        GptPolicy policy = GptPolicy.create(shape.toBuilder().seed(config.seed()).build(), tokenizer, device());
        log.accept("model " + config.model().preset() + ": " + shape.parameterCount() + " parameters, vocabulary "
                + tokenizer.vocabSize() + ", context " + context);
        RunConfig.WarmStart ws = config.warmStart();
        if (ws.steps() > 0) {
            List<Demonstrations.Encoded> encoded = new ArrayList<>();
            for (List<Demonstrations.Piece> d : demos) {
                Demonstrations.Encoded e = Demonstrations.encode(tokenizer, d);
                if (e.ids().length <= context) {
                    encoded.add(e);
                }
            }
            if (encoded.isEmpty()) {
                throw new IllegalArgumentException("no demonstration fits rollout.max_total_tokens = " + context);
            }
            long t0 = System.nanoTime();
            double loss = new WarmStart(policy, ws.learningRate(), config.optimizer().maxGradNorm())
                    .train(encoded, ws.steps(), ws.batchSize(), config.seed(), (l, s) -> {
                        if (s % 50 == 0 || s == ws.steps()) {
                            log.accept("warm start step " + s + "/" + ws.steps() + " loss " + String.format("%.4f", l));
                        }
                    });
            log.accept(String.format("warm start done: %d steps on %d demonstrations, final loss %.4f, %.1f s",
                    ws.steps(), encoded.size(), loss, (System.nanoTime() - t0) / 1e9));
        }
        return policy;
    }
}
