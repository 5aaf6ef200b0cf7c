package dev.rwb.engine.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks every value of a {@link RunConfig}; the first problem is reported with its field. */
final class RunConfigValidator {
    static final List<String> TASKS = List.of("kb-search", "arithmetic", "countdown");
    static final List<String> PRESETS = List.of("tiny", "small", "medium");
    static final List<String> MISTAKES = List.of("mixed", "guess");
    static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
    static final List<String> DTYPES = List.of("fp32", "fp16", "bf16");
    /** The projections of a Qwen2/Qwen3/Llama decoder layer (as {@code dev.rwb.engine.hf.LoraSettings} names them). */
    static final List<String> LORA_TARGETS = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
            "down_proj");
    static final Set<String> ROLES = Set.of("SYSTEM", "PROMPT", "REASONING", "TOOL_CALL", "TOOL_RESPONSE", "ANSWER",
            "OTHER_MODEL", "PAD", "TEMPLATE");

    private final String source;

    private RunConfigValidator(String source) {
        this.source = source;
    }

    static void validate(RunConfig c, String source) throws ConfigException {
        new RunConfigValidator(source).check(c);
    }

    private void check(RunConfig c) throws ConfigException {
        if (c.name() == null || c.name().isBlank()) {
            throw fail("name", "a run needs a name");
        }
        oneOf("task.name", c.task().name(), TASKS);
        range("task.level", c.task().level(), 0, 5);
        range("task.heldout_size", c.task().heldoutSize(), 1, 100_000);
        model(c);
        chosen("algorithm.name", c.algorithm().name(), AlgorithmName.class);
        range("algorithm.group_size", c.algorithm().groupSize(), 1, 1024);
        range("algorithm.prompts_per_step", c.algorithm().promptsPerStep(), 1, 4096);
        range("algorithm.epochs", c.algorithm().epochs(), 1, 64);
        range("algorithm.minibatches", c.algorithm().minibatches(), 1, 1024);
        nonNegative("algorithm.tau", c.algorithm().tau());
        if (c.algorithm().minibatches() > c.algorithm().groupSize() * c.algorithm().promptsPerStep()) {
            throw fail("algorithm.minibatches", "more minibatches (" + c.algorithm().minibatches()
                    + ") than episodes per step (" + c.algorithm().groupSize() * c.algorithm().promptsPerStep() + ")");
        }
        positive("optimizer.learning_rate", c.optimizer().learningRate());
        if (c.optimizer().learningRate() > 1) {
            throw fail("optimizer.learning_rate", "must be ≤ 1, got " + c.optimizer().learningRate());
        }
        chosen("optimizer.schedule", c.optimizer().schedule(), ScheduleShape.class);
        range("optimizer.warmup_steps", c.optimizer().warmupSteps(), 0, 1_000_000);
        nonNegative("optimizer.weight_decay", c.optimizer().weightDecay());
        nonNegative("optimizer.max_grad_norm", c.optimizer().maxGradNorm());
        adam("optimizer", c.optimizer().adamBeta1(), c.optimizer().adamBeta2(), c.optimizer().adamEpsilon());
        chosen("kl.estimator", c.kl().estimator(), KlEstimatorName.class);
        chosen("kl.placement", c.kl().placement(), KlPlacement.class);
        nonNegative("kl.beta", c.kl().beta());
        if (!(c.clip().epsLow() > 0 && c.clip().epsLow() < 1)) {
            throw fail("clip.eps_low", "must be in (0, 1), got " + c.clip().epsLow());
        }
        positive("clip.eps_high", c.clip().epsHigh());
        if (c.clip().dualClip() != 0 && c.clip().dualClip() <= 1) {
            throw fail("clip.dual_clip", "must be 0 (off) or > 1, got " + c.clip().dualClip());
        }
        nonNegative("entropy_coef", c.entropyCoef());
        chosen("loss_aggregation", c.lossAggregation(), LossAggregation.class);
        chosen("mask.preset", c.mask().preset(), MaskPreset.class);
        if (c.mask().weights() != null) {
            for (Map.Entry<String, Double> e : c.mask().weights().entrySet()) {
                if (!ROLES.contains(e.getKey())) {
                    throw fail("mask.weights." + e.getKey(), "unknown role (expected one of " + ROLES + ")");
                }
                if (e.getValue() == null || !(e.getValue() >= 0)) {
                    throw fail("mask.weights." + e.getKey(), "weight must be a number ≥ 0, got " + e.getValue());
                }
            }
        }
        if (c.mask().preset() == MaskPreset.CUSTOM && (c.mask().weights() == null || c.mask().weights().isEmpty())) {
            throw fail("mask.weights", "the custom preset needs per-role weights");
        }
        if (!(c.mask().entropyTopFraction() >= 0 && c.mask().entropyTopFraction() <= 1)) {
            throw fail("mask.entropy_top_fraction", "must be in [0, 1] (0 = off), got " + c.mask().entropyTopFraction());
        }
        nonNegative("reward.format_weight", c.reward().formatWeight());
        nonNegative("reward.length_penalty_weight", c.reward().lengthPenaltyWeight());
        range("reward.overlong_cache", c.reward().overlongCache(), 0, c.rollout().maxTotalTokens());
        chosen("sampling.strategy", c.sampling().strategy(), SamplingStrategy.class);
        nonNegative("sampling.temperature", c.sampling().temperature());
        range("sampling.top_k", c.sampling().topK(), 0, 1_000_000);
        if (!(c.sampling().topP() > 0 && c.sampling().topP() <= 1)) {
            throw fail("sampling.top_p", "must be in (0, 1], got " + c.sampling().topP());
        }
        range("rollout.max_turns", c.rollout().maxTurns(), 1, 64);
        range("rollout.max_new_tokens", c.rollout().maxNewTokens(), 1, 100_000);
        range("rollout.max_total_tokens", c.rollout().maxTotalTokens(), 2, 1_000_000);
        // 0 = off; otherwise response tokens an episode may add per step before it is paused and continued
        range("rollout.partial_token_budget", c.rollout().partialTokenBudget(), 0, 100_000);
        range("steps", c.steps(), 1, 10_000_000);
        range("eval.every", c.eval().every(), 0, 10_000_000);
        range("eval.n", c.eval().n(), 1, 100_000);
        range("eval.pass_k", c.eval().passK(), 1, 1024);
        range("checkpoint_every", c.checkpointEvery(), 0, 10_000_000);
        oneOf("device", c.device(), DEVICES);
        range("threads", c.threads(), 0, 1024);
        if (!(c.storeFraction() >= 0 && c.storeFraction() <= 1)) {
            throw fail("store_fraction", "must be in [0, 1], got " + c.storeFraction());
        }
        range("warm_start.steps", c.warmStart().steps(), 0, 10_000_000);
        range("warm_start.demonstrations", c.warmStart().demonstrations(), 1, 10_000_000);
        if (!(c.warmStart().noise() >= 0 && c.warmStart().noise() <= 1)) {
            throw fail("warm_start.noise", "must be in [0, 1], got " + c.warmStart().noise());
        }
        oneOf("warm_start.mistakes", c.warmStart().mistakes(), MISTAKES);
        range("warm_start.batch_size", c.warmStart().batchSize(), 1, 100_000);
        positive("warm_start.learning_rate", c.warmStart().learningRate());
        adam("warm_start", c.warmStart().adamBeta1(), c.warmStart().adamBeta2(), c.warmStart().adamEpsilon());
        range("warm_start.checkpoint_every", c.warmStart().checkpointEvery(), 1, 10_000_000);
        List<RunConfig.Phase> phases = c.warmStart().phases() == null ? List.of() : c.warmStart().phases();
        for (int i = 0; i < phases.size(); i++) {
            phase("warm_start.phases[" + i + "]", phases.get(i));
        }
    }

    /** One phase of a multi-phase warm start: the single-object form's rules, and at least one step. */
    private void phase(String at, RunConfig.Phase p) throws ConfigException {
        range(at + ".steps", p.steps(), 1, 10_000_000);
        range(at + ".demonstrations", p.demonstrations(), 1, 10_000_000);
        if (!(p.noise() >= 0 && p.noise() <= 1)) {
            throw fail(at + ".noise", "must be in [0, 1], got " + p.noise());
        }
        oneOf(at + ".mistakes", p.mistakes(), MISTAKES);
        range(at + ".batch_size", p.batchSize(), 1, 100_000);
        positive(at + ".learning_rate", p.learningRate());
        adam(at, p.adamBeta1(), p.adamBeta2(), p.adamEpsilon());
    }

    /**
     * The model section: a preset or checkpoint of our GPT, or a Hugging Face model ({@code path}) with
     * its dtype and optional LoRA. Whether the path exists is checked when the run starts, not here
     * (a config may be written on one machine and run on another).
     */
    private void model(RunConfig c) throws ConfigException {
        RunConfig.Model m = c.model();
        if (!m.isHuggingFace()) {
            if (m.checkpoint() == null) {
                oneOf("model.preset", m.preset(), PRESETS);
            }
            if (m.lora() != null) {
                throw fail("model.lora", "LoRA applies to a Hugging Face model: set model.path (our own GPT is "
                        + "always trained in full)");
            }
            if (!"fp32".equals(m.dtype())) {
                throw fail("model.dtype", "'" + m.dtype() + "' needs a Hugging Face model (model.path); "
                        + "the workbench's own GPT computes in fp32");
            }
            if (m.gradientCheckpointing()) {
                throw fail("model.gradient_checkpointing", "applies to a Hugging Face model (model.path); "
                        + "the workbench's own GPT keeps its (small) activations");
            }
            return;
        }
        if (m.path().isBlank()) {
            throw fail("model.path", "is empty: give a Hugging Face model folder or a cache id such as "
                    + "Qwen/Qwen2.5-0.5B-Instruct");
        }
        if (m.checkpoint() != null) {
            throw fail("model.checkpoint", "give either model.path (a Hugging Face model) or model.checkpoint "
                    + "(a checkpoint of the workbench's own GPT), not both");
        }
        oneOf("model.dtype", m.dtype(), DTYPES);
        if (m.lora() != null) {
            range("model.lora.rank", m.lora().rank(), 1, 4096);
            positive("model.lora.alpha", m.lora().alpha());
            if (m.lora().targetModules() == null || m.lora().targetModules().isEmpty()) {
                throw fail("model.lora.target_modules", "needs at least one of " + LORA_TARGETS);
            }
            for (int i = 0; i < m.lora().targetModules().size(); i++) {
                oneOf("model.lora.target_modules[" + i + "]", m.lora().targetModules().get(i), LORA_TARGETS);
            }
        }
        if (c.warmStart().steps() > 0) {
            throw fail("warm_start.steps", "the warm start trains the workbench's own GPT on oracle demonstrations; "
                    + "a Hugging Face model (model.path) starts RL directly: set warm_start.steps to 0");
        }
        if (c.rollout().partialTokenBudget() > 0) {
            throw fail("rollout.partial_token_budget", "partial rollouts are not available for a Hugging Face "
                    + "model's chat-rendered rollouts: set it to 0");
        }
    }

    private ConfigException fail(String field, String problem) {
        return new ConfigException(source, field, problem);
    }

    private void oneOf(String field, String value, List<String> allowed) throws ConfigException {
        if (value == null || !allowed.contains(value)) {
            throw fail(field, "'" + value + "' is not one of " + allowed);
        }
    }

    private <E extends Enum<E> & ConfigChoice> void chosen(String field, E value, Class<E> type)
            throws ConfigException {
        if (value == null) {
            throw fail(field, "missing (expected one of " + ConfigChoice.keys(type) + ")");
        }
    }

    /** Adam's β₁, β₂ ∈ [0, 1) and ε &gt; 0. */
    private void adam(String section, double beta1, double beta2, double epsilon) throws ConfigException {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw fail(section + ".adam_beta1", "must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw fail(section + ".adam_beta2", "must be in [0, 1), got " + beta2);
        }
        positive(section + ".adam_epsilon", epsilon);
    }

    private void range(String field, long value, long min, long max) throws ConfigException {
        if (value < min || value > max) {
            throw fail(field, "must be between " + min + " and " + max + ", got " + value);
        }
    }

    private void positive(String field, double value) throws ConfigException {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw fail(field, "must be > 0, got " + value);
        }
    }

    private void nonNegative(String field, double value) throws ConfigException {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw fail(field, "must be ≥ 0, got " + value);
        }
    }
}
