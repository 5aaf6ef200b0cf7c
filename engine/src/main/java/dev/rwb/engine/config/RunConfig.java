package dev.rwb.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs, as read from a JSON file (snake_case keys). Sections with
 * defaults may be left out; {@link RunConfigReader} fills defaults and validates every field.
 *
 * @param name run name in the workbench DB (must be unique there)
 * @param steps number of optimizer steps
 * @param seed master seed: task sampling, rollouts and initialisation derive their streams from it
 * @param device "auto" (GPU when DJL sees one), "cpu" or "gpu"
 * @param threads intra-op threads for the tensor engine (0 = engine default)
 * @param storeFraction share of trajectories written to the DB (1 = all)
 * @param warmStart supervised warm start before RL
 */
public record RunConfig(
        String name,
        Task task,
        Model model,
        Algorithm algorithm,
        Optimizer optimizer,
        Kl kl,
        Clip clip,
        @JsonProperty("entropy_coef") double entropyCoef,
        @JsonProperty("loss_aggregation") LossAggregation lossAggregation,
        Mask mask,
        Reward reward,
        Sampling sampling,
        Rollout rollout,
        int steps,
        Eval eval,
        @JsonProperty("checkpoint_every") int checkpointEvery,
        long seed,
        String device,
        int threads,
        @JsonProperty("store_fraction") double storeFraction,
        @JsonProperty("warm_start") WarmStart warmStart) {

    /**
     * Supervised warm start on oracle demonstrations before RL, when the model starts from a preset
     * (DESIGN §6): {@code steps} = 0 turns it off. It is the run's first phase: its loss curve is stored
     * as the step metrics {@code warm_start/loss} and {@code warm_start/phase}, and it checkpoints every
     * {@code checkpointEvery} steps so that a resumed run continues it.
     *
     * <p>Two forms. The single object is one phase. With {@code phases} (a list of objects with the
     * fields below, {@code save_to} and {@code checkpoint_every} excepted) the phases run one after the
     * other, each continuing the previous one's weights with a fresh optimizer and its own warm-up +
     * cosine schedule, exactly like a chain of {@code rwb sft --from} commands; a field a phase leaves
     * out takes the value of the enclosing {@code warm_start} object, whose own {@code steps} must then
     * be 0 (each phase gives its steps).
     *
     * @param demonstrations number of demonstrations drawn from the training problems
     * @param noise probability that a demonstration contains a deliberate mistake
     * @param mistakes which mistakes the noisy demonstrations make: "mixed" (each picks one of the task's
     *                 mistakes) or "guess" (each answers without the tool, like a base model answering from memory)
     * @param batchSize demonstrations per SFT step
     * @param saveTo directory where the warm-started model is saved (a model checkpoint that later runs can
     *               start from with {@code model.checkpoint}), or null
     * @param adamBeta1 Adam β₁ of the warm start (default 0.9)
     * @param adamBeta2 Adam β₂ of the warm start (default 0.95, nanoGPT's choice for short supervised runs)
     * @param adamEpsilon Adam ε of the warm start (default 1e-8)
     * @param checkpointEvery warm-start steps between checkpoints of the run (the end of each phase is one too)
     * @param phases the phases of a multi-phase warm start, or empty for the single-object form
     */
    public record WarmStart(int steps, int demonstrations, double noise, String mistakes,
                            @JsonProperty("batch_size") int batchSize,
                            @JsonProperty("learning_rate") double learningRate,
                            @JsonProperty("save_to") String saveTo,
                            @JsonProperty("adam_beta1") double adamBeta1,
                            @JsonProperty("adam_beta2") double adamBeta2,
                            @JsonProperty("adam_epsilon") double adamEpsilon,
                            @JsonProperty("checkpoint_every") int checkpointEvery,
                            List<Phase> phases) {
        /** The phases to run, in order: {@code phases}, or the single object as one phase (none when steps = 0). */
        public List<Phase> plan() {
            if (phases != null && !phases.isEmpty()) {
                return phases;
            }
            return steps == 0 ? List.of() : List.of(new Phase(steps, demonstrations, noise, mistakes, batchSize,
                    learningRate, adamBeta1, adamBeta2, adamEpsilon));
        }

        /** Warm-start steps over all phases. */
        public int totalSteps() {
            return plan().stream().mapToInt(Phase::steps).sum();
        }
    }

    /**
     * One phase of the warm start: its own demonstrations (drawn with the run's seed), optimizer and
     * schedule; the fields mean what they mean in {@link WarmStart}.
     */
    public record Phase(int steps, int demonstrations, double noise, String mistakes,
                        @JsonProperty("batch_size") int batchSize,
                        @JsonProperty("learning_rate") double learningRate,
                        @JsonProperty("adam_beta1") double adamBeta1,
                        @JsonProperty("adam_beta2") double adamBeta2,
                        @JsonProperty("adam_epsilon") double adamEpsilon) {
    }

    /** Which generated task, at which difficulty level. */
    public record Task(String name, int level, @JsonProperty("heldout_size") int heldoutSize) {
    }

    /**
     * The model: a size preset ("tiny", "small", "medium") of the workbench's own GPT, a checkpoint
     * directory of ours to start from, or a Hugging Face model ({@code path}: a folder in HF layout, or
     * a hub id such as {@code Qwen/Qwen2.5-0.5B-Instruct} resolved offline in the local HF cache).
     * With {@code path} the preset is ignored, and rollouts are chat-rendered with the model's own
     * template and tokenizer.
     *
     * @param path a Hugging Face model folder or cache id, or null
     * @param dtype compute dtype of a Hugging Face model: "fp32"; "fp16" (float16 compute with float32
     *              master weights); or "bf16" (mixed precision: the frozen base held in bfloat16, LoRA
     *              adapters or full fine-tuning's master weights in float32, matmuls in bfloat16, norms,
     *              attention, loss and log-probs in float32)
     * @param lora LoRA adapters for a Hugging Face model (null = full fine-tuning)
     * @param gradientCheckpointing recompute each decoder layer in the backward pass instead of keeping
     *                              its activations (a Hugging Face model; about one more forward per step)
     */
    public record Model(String preset, String checkpoint, String path, String dtype, Lora lora,
                        @JsonProperty("gradient_checkpointing") boolean gradientCheckpointing) {
        /** A preset or checkpoint of the workbench's own GPT (no Hugging Face model). */
        public Model(String preset, String checkpoint) {
            this(preset, checkpoint, null, "fp32", null, false);
        }

        /** True when the run trains a Hugging Face model ({@code path} is set). */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isHuggingFace() {
            return path != null;
        }
    }

    /**
     * LoRA (Hu et al. 2021) on a Hugging Face model: W x + (α/r)·B(A x) on each targeted projection,
     * the base frozen (and then also the KL reference, so it costs no second copy).
     *
     * @param rank r
     * @param alpha α
     * @param targetModules projections to adapt: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj
     */
    public record Lora(int rank, double alpha, @JsonProperty("target_modules") java.util.List<String> targetModules) {
    }

    /**
     * The advantage estimator and update rule: grpo, dr_grpo, rloo, reinforce (Kimi k1.5), ppo.
     *
     * @param groupSize samples per prompt (G)
     * @param promptsPerStep prompts per optimizer step
     * @param epochs PPO epochs over each batch
     * @param minibatches minibatches per epoch
     * @param tau Kimi k1.5 squared log-ratio regulariser strength
     * @param negateAdvantages debug sabotage: flips the sign of every advantage (the learning test's control run)
     */
    public record Algorithm(AlgorithmName name, @JsonProperty("group_size") int groupSize,
                            @JsonProperty("prompts_per_step") int promptsPerStep, int epochs, int minibatches,
                            double tau, @JsonProperty("negate_advantages") boolean negateAdvantages) {
    }

    /**
     * Adam(W) of the RL steps, with warm-up and a constant or cosine schedule; global gradient-norm clip.
     *
     * @param adamBeta1 Adam β₁ (default 0.9)
     * @param adamBeta2 Adam β₂ (default 0.999, PyTorch's and DJL's default)
     * @param adamEpsilon Adam ε (default 1e-8)
     */
    public record Optimizer(@JsonProperty("learning_rate") double learningRate, ScheduleShape schedule,
                            @JsonProperty("warmup_steps") int warmupSteps,
                            @JsonProperty("weight_decay") double weightDecay,
                            @JsonProperty("max_grad_norm") double maxGradNorm,
                            @JsonProperty("adam_beta1") double adamBeta1,
                            @JsonProperty("adam_beta2") double adamBeta2,
                            @JsonProperty("adam_epsilon") double adamEpsilon) {
    }

    /** KL to a frozen reference: estimator none, k1 or k3; in the loss or subtracted from the reward. */
    public record Kl(KlEstimatorName estimator, KlPlacement placement, double beta) {
    }

    /** PPO ratio clip with clip-higher (DAPO) and optional dual clip (0 = off). */
    public record Clip(@JsonProperty("eps_low") double epsLow, @JsonProperty("eps_high") double epsHigh,
                       @JsonProperty("dual_clip") double dualClip) {
    }

    /**
     * Loss mask policy: a preset (search_r1, no_masking, answer_only, custom), optional per-role
     * weights overriding it, and an optional entropy filter (train only the top fraction).
     */
    public record Mask(MaskPreset preset, Map<String, Double> weights,
                       @JsonProperty("entropy_top_fraction") double entropyTopFraction) {
    }

    /** Weights of the reward components beyond correctness. */
    public record Reward(@JsonProperty("format_weight") double formatWeight,
                         @JsonProperty("length_penalty_weight") double lengthPenaltyWeight,
                         @JsonProperty("overlong_cache") int overlongCache) {
    }

    /** How prompts are drawn: uniform, curriculum or prioritized; dynamic sampling drops all-equal groups. */
    public record Sampling(SamplingStrategy strategy, @JsonProperty("dynamic_sampling") boolean dynamicSampling,
                           double temperature, @JsonProperty("top_k") int topK, @JsonProperty("top_p") double topP) {
    }

    /**
     * Episode limits: at most {@code maxTurns} tool calls, {@code maxNewTokens} response tokens (model
     * and tool tokens after the prompt) and {@code maxTotalTokens} in all (the model's context length).
     * {@code partialTokenBudget} &gt; 0 turns on partial rollouts (Kimi k1.5): an episode adds at most that
     * many response tokens per step; unfinished groups continue next step with the updated policy
     * (each trajectory records which policy version wrote which segment) and are trained when done.
     */
    public record Rollout(@JsonProperty("max_turns") int maxTurns,
                          @JsonProperty("max_new_tokens") int maxNewTokens,
                          @JsonProperty("max_total_tokens") int maxTotalTokens,
                          @JsonProperty("partial_token_budget") int partialTokenBudget) {
    }

    /** Held-out evaluation every N steps: greedy accuracy and pass@k. */
    public record Eval(int every, int n, @JsonProperty("pass_k") int passK) {
    }
}
