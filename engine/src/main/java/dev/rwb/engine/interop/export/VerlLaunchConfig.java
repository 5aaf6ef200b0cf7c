package dev.rwb.engine.interop.export;

import dev.rwb.engine.config.ConfigException;
import dev.rwb.engine.config.LossAggregation;
import dev.rwb.engine.config.MaskPreset;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.SamplingStrategy;
import dev.rwb.engine.config.ScheduleShape;
import dev.rwb.engine.rl.MaskPolicy;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.trajectory.Role;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's config as verl Hydra overrides ({@code verl/trainer/config/ppo_trainer.yaml} keys), for
 * scaling a run out to verl + Ray (DESIGN §8). It reads the run's {@link TrainingRecipe}, so what
 * the export says an algorithm, clip or KL placement means is what the trainer did. Settings
 * verl has no key for are listed in {@link #unsupported()} with this run's value, never silently
 * dropped; docs/VERL_EXPORT.md has the whole mapping.
 */
public final class VerlLaunchConfig {
    /** Where verl should dump rollouts so they can be imported back ({@code rwb import rollouts/}). */
    public static final String ROLLOUT_DIR = "./rollouts";
    /** A bound that never binds: verl has no switch to turn off the ratio clip, dual clip or gradient clip. */
    static final double NEVER = 1e9;
    /** OmegaConf's "missing mandatory value": verl refuses to start until the user sets it. */
    static final String MISSING = "???";

    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private final List<String> unsupported = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private VerlLaunchConfig() {
    }

    /** Maps a run's recipe. */
    public static VerlLaunchConfig of(TrainingRecipe recipe) {
        VerlLaunchConfig c = new VerlLaunchConfig();
        c.map(recipe);
        return c;
    }

    /**
     * Maps a run's stored config JSON ({@code RunInfo.configJson}).
     *
     * @throws IllegalArgumentException when the JSON is not a workbench run config (e.g. an imported run)
     */
    public static VerlLaunchConfig fromConfigJson(String json) {
        try {
            return of(TrainingRecipe.fromConfigJson(json, "the run's config"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage() + " (only runs trained or configured by the workbench "
                    + "have a run config to export)", e);
        }
    }

    /** Hydra key → value (String, Boolean, Integer, Double, List or Map), in launch-command order. */
    public Map<String, Object> overrides() {
        return overrides;
    }

    /** This run's settings that verl has no key for, each with its value and what that means for the export. */
    public List<String> unsupported() {
        return unsupported;
    }

    /** Caveats of mapped keys (approximations, values the user must supply). */
    public List<String> notes() {
        return notes;
    }

    private void map(TrainingRecipe r) {
        RunConfig c = r.config();
        algorithm(r);
        model(c);
        data(c);
        rollout(c);
        optimizer(r);
        policyLoss(r);
        kl(r);
        trainer(c);
        unsupported(r);
    }

    private void algorithm(TrainingRecipe r) {
        switch (r.algorithm()) {
            case GRPO -> {
                put("algorithm.adv_estimator", "grpo");
                put("algorithm.norm_adv_by_std_in_grpo", true);
            }
            case DR_GRPO, REINFORCE -> {
                // A = r − mean(r): GRPO without the std division (Dr. GRPO; Kimi's mean baseline)
                put("algorithm.adv_estimator", "grpo");
                put("algorithm.norm_adv_by_std_in_grpo", false);
            }
            case RLOO -> put("algorithm.adv_estimator", "rloo");
            case PPO -> {
                put("algorithm.adv_estimator", "reinforce_plus_plus_baseline");
                notes.add("ppo (group-mean baseline, then batch-normalised advantages) maps to verl's "
                        + "reinforce_plus_plus_baseline, which whitens over response tokens rather than over sequences.");
            }
        }
    }

    private void model(RunConfig c) {
        if (c.model().isHuggingFace()) {
            // verl loads the same Hugging Face model (a hub id, or the folder on the machine verl runs on)
            put("actor_rollout_ref.model.path", c.model().path());
            if (c.model().lora() != null) {
                put("actor_rollout_ref.model.lora_rank", c.model().lora().rank());
                put("actor_rollout_ref.model.lora_alpha", c.model().lora().alpha());
                put("actor_rollout_ref.model.target_modules", c.model().lora().targetModules());
            }
            if (c.model().dtype().equals("fp16")) {
                notes.add("model.dtype fp16 (float16 compute, float32 masters) is the workbench's stand-in for "
                        + "bfloat16; verl's FSDP mixed precision uses bfloat16 by default.");
            }
            return;
        }
        put("actor_rollout_ref.model.path", MISSING);
        String what = c.model().checkpoint() != null ? "the checkpoint " + c.model().checkpoint()
                : "a fresh '" + c.model().preset() + "' preset";
        notes.add("actor_rollout_ref.model.path: this run trained " + what + " (a workbench DJL model, which verl "
                + "cannot load); set a Hugging Face model path (verl refuses to start while it is ???).");
    }

    private void data(RunConfig c) {
        put("data.train_batch_size", c.algorithm().promptsPerStep());
        put("data.max_prompt_length", c.rollout().maxTotalTokens() - c.rollout().maxNewTokens());
        put("data.max_response_length", c.rollout().maxNewTokens());
        put("data.seed", c.seed());
        notes.add("data.train_files / data.val_files: export the " + c.task().name() + " task (level "
                + c.task().level() + ") to parquet; its reward is verl's custom_reward_function.");
        notes.add("data.max_prompt_length is rollout.max_total_tokens − rollout.max_new_tokens; "
                + "data.max_response_length counts model and tool tokens after the prompt, as rollout.max_new_tokens does.");
    }

    private void rollout(RunConfig c) {
        put("actor_rollout_ref.rollout.n", c.algorithm().groupSize());
        put("actor_rollout_ref.rollout.temperature", c.sampling().temperature());
        // verl: top_k = −1 is off; workbench: 0 is off
        put("actor_rollout_ref.rollout.top_k", c.sampling().topK() == 0 ? -1 : c.sampling().topK());
        put("actor_rollout_ref.rollout.top_p", c.sampling().topP());
        put("actor_rollout_ref.rollout.multi_turn.enable", true);
        // at most max_turns tool calls = at most max_turns + 1 model turns
        put("actor_rollout_ref.rollout.multi_turn.max_assistant_turns", c.rollout().maxTurns() + 1);
        notes.add("multi_turn: verl's agent loop gives tool-response tokens response_mask 0; set "
                + "actor_rollout_ref.rollout.name (vllm or sglang) and multi_turn.tool_config_path for the task's tool.");
    }

    private void optimizer(TrainingRecipe r) {
        RunConfig.Optimizer o = r.config().optimizer();
        put("actor_rollout_ref.actor.optim.lr", o.learningRate());
        put("actor_rollout_ref.actor.optim.lr_warmup_steps", o.warmupSteps());
        put("actor_rollout_ref.actor.optim.lr_scheduler_type", o.schedule() == ScheduleShape.COSINE ? "cosine" : "constant");
        if (o.schedule() == ScheduleShape.COSINE) {
            // the workbench cosine ends at 10% of the peak
            put("actor_rollout_ref.actor.optim.min_lr_ratio", r.learningRateSchedule().floor() / o.learningRate());
        }
        put("actor_rollout_ref.actor.optim.weight_decay", o.weightDecay());
        put("actor_rollout_ref.actor.optim.betas", List.of(o.adamBeta1(), o.adamBeta2()));
        // verl passes override_optimizer_config to torch.optim.AdamW, whose ε is eps
        put("actor_rollout_ref.actor.optim.override_optimizer_config", Map.of("eps", o.adamEpsilon()));
        put("actor_rollout_ref.actor.grad_clip", o.maxGradNorm() > 0 ? o.maxGradNorm() : NEVER);
        if (!(o.maxGradNorm() > 0)) {
            notes.add("grad_clip: gradient clipping is off in this run; verl always clips, so the bound is 1e9.");
        }
        put("actor_rollout_ref.actor.ppo_epochs", r.config().algorithm().epochs());
        int prompts = r.config().algorithm().promptsPerStep();
        int minibatches = r.config().algorithm().minibatches();
        // verl counts the mini-batch in prompts (× rollout.n responses)
        put("actor_rollout_ref.actor.ppo_mini_batch_size", (prompts + minibatches - 1) / minibatches);
        if (prompts % minibatches != 0) {
            notes.add("ppo_mini_batch_size: " + minibatches + " minibatches do not divide " + prompts
                    + " prompts; verl's mini-batches are whole prompt groups.");
        }
    }

    private void policyLoss(TrainingRecipe r) {
        put("actor_rollout_ref.actor.policy_loss.loss_mode", "vanilla");
        put("actor_rollout_ref.actor.clip_ratio_low", r.clipLow());
        put("actor_rollout_ref.actor.clip_ratio_high", r.clipHigh());
        put("actor_rollout_ref.actor.clip_ratio_c", r.dualClip() > 0 ? r.dualClip() : NEVER);
        if (!r.ratioClipped()) {
            notes.add("reinforce has no ratio clip: clip_ratio_low/high are 1e9, so the clip never binds.");
        }
        if (r.dualClip() == 0) {
            notes.add("clip_ratio_c: the dual clip is off in this run; verl always applies it, so c = 1e9.");
        }
        put("actor_rollout_ref.actor.loss_agg_mode", r.aggregation().verlMode());
        if (r.aggregation() == LossAggregation.SEQ_MEAN_TOKEN_SUM_NORM) {
            // Dr. GRPO's constant normaliser L_max
            put("actor_rollout_ref.actor.loss_scale_factor", r.config().rollout().maxTotalTokens());
        }
        put("actor_rollout_ref.actor.entropy_coeff", r.config().entropyCoef());
    }

    private void kl(TrainingRecipe r) {
        // verl: "kl" is k1, "low_var_kl" is k3 (both clamp δ to ±20)
        String type = r.klEstimator().map(k -> switch (k) {
            case K1 -> "kl";
            case K3 -> "low_var_kl";
        }).orElse("low_var_kl");
        boolean inLoss = r.klInLoss() && r.klBeta() > 0;
        put("actor_rollout_ref.actor.use_kl_loss", inLoss);
        if (inLoss) {
            put("actor_rollout_ref.actor.kl_loss_coef", r.klBeta());
            put("actor_rollout_ref.actor.kl_loss_type", type);
        }
        put("algorithm.use_kl_in_reward", r.klInReward());
        if (r.klInReward()) {
            put("algorithm.kl_penalty", type);
            put("algorithm.kl_ctrl.type", "fixed");
            put("algorithm.kl_ctrl.kl_coef", r.klBeta());
        }
        if (r.needsReference() && r.klBeta() == 0) {
            notes.add("kl: this run records the " + r.config().kl().estimator().key() + " KL to the reference with "
                    + "β = 0 (a monitor only); verl runs without a KL term here.");
        }
    }

    private void trainer(RunConfig c) {
        put("trainer.total_training_steps", c.steps());
        put("trainer.test_freq", c.eval().every() > 0 ? c.eval().every() : -1);
        put("trainer.save_freq", c.checkpointEvery() > 0 ? c.checkpointEvery() : -1);
        put("trainer.rollout_data_dir", ROLLOUT_DIR);
        notes.add("trainer.rollout_data_dir is set so verl dumps <step>.jsonl files that `rwb import` reads back.");
    }

    /** Settings verl lacks, each with this run's value; "active" ones change what verl would train. */
    private void unsupported(TrainingRecipe r) {
        RunConfig c = r.config();
        MaskPolicy mask = r.maskPolicy();
        boolean searchR1 = true;
        for (Role role : Role.values()) {
            // verl's response_mask: 1 on what the model wrote, 0 on tool responses (and the prompt)
            searchR1 &= mask.weight(role) == MaskPolicy.SEARCH_R1.weight(role);
        }
        lacks("mask " + (c.mask().preset() == MaskPreset.CUSTOM ? "custom" : c.mask().preset().key()) + " " + weights(mask),
                !searchR1, "per-role loss weights (verl's response_mask is 1 on model tokens, 0 on tool responses)",
                "the same as verl's response_mask, nothing lost");
        lacks("mask.entropy_top_fraction = " + number(c.mask().entropyTopFraction()), mask.hasEntropyFilter(),
                "the entropy filter (train only the top-ρ highest-entropy model tokens)");
        lacks("algorithm.tau = " + number(r.tau()), r.tau() > 0,
                "Kimi k1.5's (τ/2)(Σ_t ln ρ_t)² regulariser");
        lacks("reward.length_penalty_weight = " + number(c.reward().lengthPenaltyWeight()),
                c.reward().lengthPenaltyWeight() > 0, "the Kimi length penalty (write it into the reward function)");
        lacks("reward.overlong_cache = " + c.reward().overlongCache(), c.reward().overlongCache() > 0,
                "DAPO overlong shaping (verl's DAPO recipe, not main_ppo)");
        lacks("sampling.dynamic_sampling = " + c.sampling().dynamicSampling(), c.sampling().dynamicSampling(),
                "dropping all-equal groups (verl's DAPO recipe, algorithm.filter_groups)");
        lacks("sampling.strategy = " + c.sampling().strategy().key(), c.sampling().strategy() != SamplingStrategy.UNIFORM,
                "curriculum and prioritized prompt order (a custom data.sampler class in verl)");
        int phases = c.warmStart().plan().size();
        lacks(phases > 1 ? "warm_start.phases = " + c.warmStart().totalSteps() + " steps in " + phases + " phases"
                        : "warm_start.steps = " + c.warmStart().steps(), c.warmStart().totalSteps() > 0,
                "the supervised warm start on oracle demonstrations (run an SFT first and start from its model)");
        lacks("rollout.partial_token_budget = " + c.rollout().partialTokenBudget(), c.rollout().partialTokenBudget() > 0,
                "Kimi k1.5 partial rollouts");
    }

    private void lacks(String setting, boolean active, String what) {
        lacks(setting, active, what, "not used in this run, nothing lost");
    }

    private void lacks(String setting, boolean active, String what, String whenInactive) {
        unsupported.add(setting + (active ? " — ACTIVE in this run, verl will train without it: "
                : " — " + whenInactive + ": ") + what);
    }

    private static String weights(MaskPolicy mask) {
        StringBuilder sb = new StringBuilder("{");
        for (Role role : Role.values()) {
            if (mask.weight(role) != 0) {
                sb.append(sb.length() > 1 ? ", " : "").append(role.name()).append(": ")
                        .append(number(Double.parseDouble(Float.toString(mask.weight(role)))));
            }
        }
        return sb.append('}').toString();
    }

    private void put(String key, Object value) {
        overrides.put(key, value);
    }

    /** A shell command: {@code python3 -m verl.trainer.main_ppo key=value …}, one override per line. */
    public String toCommand() {
        StringBuilder sb = header();
        sb.append("python3 -m verl.trainer.main_ppo");
        overrides.forEach((k, v) -> sb.append(" \\\n    ").append(shellQuote(k + "=" + hydra(v))));
        return sb.append('\n').toString();
    }

    /** The same overrides as nested YAML (a Hydra config file). */
    public String toYaml() {
        Map<String, Object> tree = new LinkedHashMap<>();
        overrides.forEach((k, v) -> {
            String[] parts = k.split("\\.");
            Map<String, Object> node = tree;
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) node.computeIfAbsent(parts[i], x -> new LinkedHashMap<>());
                node = next;
            }
            node.put(parts[parts.length - 1], v);
        });
        StringBuilder sb = header();
        yaml(sb, tree, 0);
        return sb.toString();
    }

    private StringBuilder header() {
        StringBuilder sb = new StringBuilder("# verl launch config exported by rwb (docs/VERL_EXPORT.md)\n");
        for (String n : notes) {
            sb.append("# note: ").append(n).append('\n');
        }
        sb.append("# Settings verl does not have (not exported):\n");
        for (String u : unsupported) {
            sb.append("#   ").append(u).append('\n');
        }
        return sb;
    }

    @SuppressWarnings("unchecked")
    private static void yaml(StringBuilder sb, Map<String, Object> node, int depth) {
        node.forEach((k, v) -> {
            // YAML 1.1 reads a bare n/y/no/on/… as a boolean: quote such keys (verl writes 'n' so)
            sb.append("  ".repeat(depth)).append(k.matches("(?i)y|n|yes|no|on|off|true|false") ? "'" + k + "'" : k)
                    .append(':');
            if (v instanceof Map<?, ?> m) {
                sb.append('\n');
                yaml(sb, (Map<String, Object>) m, depth + 1);
            } else {
                sb.append(' ').append(yamlValue(v)).append('\n');
            }
        });
    }

    private static String yamlValue(Object v) {
        if (v instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(VerlLaunchConfig::yamlValue).toList()) + "]";
        }
        if (v instanceof String s) {
            return s.equals(MISSING) || s.matches("[A-Za-z_./][A-Za-z0-9_./+-]*") ? s : "'" + s.replace("'", "''") + "'";
        }
        return scalar(v);
    }

    /** Hydra override syntax: lists {@code [a,b]}, dicts {@code {k:v}}. */
    private static String hydra(Object v) {
        if (v instanceof List<?> list) {
            return "[" + String.join(",", list.stream().map(VerlLaunchConfig::hydra).toList()) + "]";
        }
        if (v instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, x) -> parts.add(k + ":" + hydra(x)));
            return "{" + String.join(",", parts) + "}";
        }
        return scalar(v);
    }

    /** Booleans as true/false, integers as they are, decimals in plain notation with a decimal point (0.0002, 1.0). */
    private static String scalar(Object v) {
        if (v instanceof Double d) {
            return number(d);
        }
        return String.valueOf(v);
    }

    private static String number(double d) {
        String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./+:=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
