package dev.rwb.app.runs;

import dev.rwb.engine.config.AlgorithmName;
import dev.rwb.engine.config.KlEstimatorName;
import dev.rwb.engine.config.KlPlacement;
import dev.rwb.engine.config.LossAggregation;
import dev.rwb.engine.config.SamplingStrategy;
import dev.rwb.engine.config.ScheduleShape;

import java.util.List;

/**
 * The run configuration's fields grouped the way a user thinks about a run: task, model (its source:
 * {@link ModelSourceEditor}; the warm start's fields here),
 * algorithm, KL and clip, masking, rewards, sampling, compute. Choice lists are the keys of the
 * engine's config enums; the engine stays the authority (every edit is re-validated by it).
 */
public final class ConfigSections {
    /** A titled group of fields. */
    public record Section(String title, List<ConfigField> fields) {
    }

    /** The sections in form order. The masking section has no plain fields: {@link MaskPolicyEditor} edits it. */
    public static final List<Section> ALL = List.of(
            new Section("Task", List.of(
                    ConfigField.text("name", "Run name", "Unique name of the run in the workbench DB"),
                    ConfigField.choice("task.name", "Task", "Generated, verifiable task", "kb-search", "arithmetic", "countdown"),
                    ConfigField.integer("task.level", "Level", "Difficulty 0–5"),
                    ConfigField.integer("task.heldout_size", "Held-out problems", "Size of the evaluation set"))),
            new Section("Model", List.of(
                    ConfigField.integer("warm_start.steps", "Warm-start steps", "Supervised steps on oracle demonstrations before RL (0 = none)"),
                    ConfigField.integer("warm_start.demonstrations", "Demonstrations", "Oracle demonstrations for the warm start"),
                    ConfigField.decimal("warm_start.noise", "Demonstration noise", "Share of deliberately imperfect demonstrations"),
                    ConfigField.choice("warm_start.mistakes", "Demonstration mistakes", "mixed: any of the task's mistakes; guess: answer without the tool", "mixed", "guess"),
                    ConfigField.integer("warm_start.batch_size", "Warm-start batch", "Batch size of the warm start"),
                    ConfigField.decimal("warm_start.learning_rate", "Warm-start learning rate", "Learning rate of the warm start"),
                    ConfigField.decimal("warm_start.adam_beta2", "Warm-start Adam β₂", "Second-moment decay of the warm start (default 0.95)"),
                    ConfigField.optionalText("warm_start.save_to", "Save warm start to", "Directory for the warm-started checkpoint (empty = not saved)"))),
            new Section("Algorithm", List.of(
                    ConfigField.choice("algorithm.name", "Algorithm", "Advantage estimator and update rule",
                            AlgorithmName.class),
                    ConfigField.integer("algorithm.group_size", "Group size G", "Samples per prompt"),
                    ConfigField.integer("algorithm.prompts_per_step", "Prompts per step", "Prompts per optimizer step"),
                    ConfigField.integer("algorithm.epochs", "Epochs", "PPO epochs over each batch"),
                    ConfigField.integer("algorithm.minibatches", "Minibatches", "Minibatches per epoch"),
                    ConfigField.decimal("algorithm.tau", "τ (Kimi)", "Squared log-ratio regulariser strength"),
                    ConfigField.decimal("optimizer.learning_rate", "Learning rate", "Adam(W) learning rate"),
                    ConfigField.choice("optimizer.schedule", "Schedule", "Learning-rate schedule", ScheduleShape.class),
                    ConfigField.integer("optimizer.warmup_steps", "Warm-up steps", "Linear warm-up"),
                    ConfigField.decimal("optimizer.weight_decay", "Weight decay", "AdamW decay"),
                    ConfigField.decimal("optimizer.max_grad_norm", "Max grad norm", "Global gradient-norm clip (0 = off)"),
                    ConfigField.decimal("optimizer.adam_beta1", "Adam β₁", "First-moment decay (default 0.9)"),
                    ConfigField.decimal("optimizer.adam_beta2", "Adam β₂", "Second-moment decay (default 0.999)"),
                    ConfigField.decimal("optimizer.adam_epsilon", "Adam ε", "Added to √v (default 1e-8)"),
                    ConfigField.choice("loss_aggregation", "Loss aggregation", "How token losses are averaged",
                            LossAggregation.class),
                    ConfigField.decimal("entropy_coef", "Entropy bonus", "Coefficient of the entropy bonus"))),
            new Section("KL & clip", List.of(
                    ConfigField.choice("kl.estimator", "KL estimator",
                            "KL to the frozen reference: recorded whenever named, in the loss or reward only when β > 0",
                            KlEstimatorName.class),
                    ConfigField.choice("kl.placement", "KL placement", "In the loss or subtracted from the reward", KlPlacement.class),
                    ConfigField.decimal("kl.beta", "KL β", "KL coefficient"),
                    ConfigField.decimal("clip.eps_low", "ε low", "PPO clip, lower side"),
                    ConfigField.decimal("clip.eps_high", "ε high", "PPO clip, upper side (DAPO clip-higher)"),
                    ConfigField.decimal("clip.dual_clip", "Dual clip", "0 = off, else > 1"))),
            new Section("Masking", List.of()),
            new Section("Rewards", List.of(
                    ConfigField.decimal("reward.format_weight", "Format weight", "Reward for a well-formed answer"),
                    ConfigField.decimal("reward.length_penalty_weight", "Length penalty", "Kimi k1.5 length penalty weight"),
                    ConfigField.integer("reward.overlong_cache", "Overlong cache", "DAPO overlong buffer L_cache (0 = off)"))),
            new Section("Sampling", List.of(
                    ConfigField.choice("sampling.strategy", "Prompt sampling", "Order of problems",
                            SamplingStrategy.class),
                    ConfigField.bool("sampling.dynamic_sampling", "Dynamic sampling", "Drop groups whose rewards are all equal"),
                    ConfigField.decimal("sampling.temperature", "Temperature", "Sampling temperature"),
                    ConfigField.integer("sampling.top_k", "Top-k", "0 = off"),
                    ConfigField.decimal("sampling.top_p", "Top-p", "1 = off"),
                    ConfigField.integer("rollout.max_turns", "Max turns", "Tool-use turns per episode"),
                    ConfigField.integer("rollout.max_new_tokens", "Max new tokens", "Response budget: model and tool tokens after the prompt"),
                    ConfigField.integer("rollout.max_total_tokens", "Max total tokens", "Per episode"),
                    ConfigField.integer("rollout.partial_token_budget", "Partial rollout budget",
                            "Tokens per iteration (0 = off, Kimi k1.5 partial rollouts)"))),
            new Section("Compute", List.of(
                    ConfigField.integer("steps", "Steps", "Optimizer steps"),
                    ConfigField.integer("eval.every", "Evaluate every", "Held-out evaluation period (steps)"),
                    ConfigField.integer("eval.n", "Eval problems", "Held-out problems per evaluation"),
                    ConfigField.integer("eval.pass_k", "pass@k", "k of pass@k"),
                    ConfigField.integer("checkpoint_every", "Checkpoint every", "Steps between checkpoints"),
                    ConfigField.integer("seed", "Seed", "Master seed"),
                    ConfigField.choice("device", "Device", "auto = GPU when available", "auto", "cpu", "gpu"),
                    ConfigField.integer("threads", "Threads", "Intra-op threads (0 = engine default)"),
                    ConfigField.decimal("store_fraction", "Store fraction", "Share of trajectories written to the DB"))));

    private ConfigSections() {
    }
}
