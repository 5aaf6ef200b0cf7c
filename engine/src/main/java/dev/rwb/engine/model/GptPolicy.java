package dev.rwb.engine.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The DJL GPT as a {@link Policy}: owns the model's parameters (in its own manager on one device)
 * and the tokenizer; starts KV-cache generation sessions and, for comparison, naive ones.
 */
public final class GptPolicy implements Policy, TrainableModel, AutoCloseable {
    private final Gpt model;
    private final Tokenizer tokenizer;
    private final NDManager manager;

    private GptPolicy(Gpt model, Tokenizer tokenizer, NDManager manager) {
        if (tokenizer.vocabSize() != model.config().vocabSize()) {
            throw new IllegalArgumentException("tokenizer has " + tokenizer.vocabSize()
                    + " tokens but the model's vocabulary is " + model.config().vocabSize());
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.manager = manager;
    }

    /** A freshly initialised model (weights from the config's seed) on {@code device}. */
    public static GptPolicy create(GptConfig config, Tokenizer tokenizer, Device device) {
        NDManager manager = NDManager.newBaseManager(Objects.requireNonNull(device));
        Gpt model = new Gpt(config);
        model.initialize(manager);
        return new GptPolicy(model, tokenizer, manager);
    }

    /** Wraps a model whose parameters already live in {@code manager} (used by checkpoint loading). */
    static GptPolicy of(Gpt model, Tokenizer tokenizer, NDManager manager) {
        return new GptPolicy(model, tokenizer, manager);
    }

    @Override
    public GenerationSession start(List<int[]> prompts, SamplingParams params) {
        return CachedGeneration.start(model, manager, tokenizer.padId(), prompts, params);
    }

    /** A session that re-runs the whole forward pass per token (no cache): slow, for checks and benchmarks. */
    public GenerationSession startWithoutCache(List<int[]> prompts, SamplingParams params) {
        return new RecomputingSession(model, manager, tokenizer.padId(), prompts, params);
    }

    /** Teacher-forced scoring over this policy's model. */
    @Override
    public TeacherForcing scoring() {
        return new TeacherForcing(model);
    }

    public Gpt model() {
        return model;
    }

    /** The manager that owns the parameters; per-step work should use its sub-managers. */
    @Override
    public NDManager manager() {
        return manager;
    }

    /** Every parameter of the GPT (it is always trained in full). */
    @Override
    public List<Parameter> trainableParameters() {
        return new ArrayList<>(model.getParameters().values());
    }

    @Override
    public int padId() {
        return tokenizer.padId();
    }

    public Device device() {
        return manager.getDevice();
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int contextLength() {
        return model.config().contextLength();
    }

    @Override
    public void close() {
        manager.close();
    }
}
