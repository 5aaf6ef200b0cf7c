package dev.rwb.engine.interop.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's config as verl Hydra overrides, for scaling a run out to verl + Ray (DESIGN §8). The
 * mapping and the settings without a verl equivalent are documented in docs/VERL_EXPORT.md; every
 * key that is not mapped is reported in {@link #unmapped()}, never silently dropped.
 */
public final class VerlLaunchConfig {
    /** Where verl should dump rollouts so they can be imported back ({@code rwb import rollouts/}). */
    public static final String ROLLOUT_DIR = "./rollouts";

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final List<String> unmapped = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private VerlLaunchConfig() {
    }

    /** Maps a run's config JSON (as stored in RunInfo.configJson). */
    public static VerlLaunchConfig fromConfigJson(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json == null || json.isBlank() ? "{}" : json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the run's config is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the run's config must be a JSON object");
        }
        VerlLaunchConfig c = new VerlLaunchConfig();
        c.map(root);
        return c;
    }

    /** Hydra key → value, in the order a launch command lists them. */
    public Map<String, String> overrides() {
        return overrides;
    }

    /** Config keys with no verl equivalent, each with the reason. */
    public List<String> unmapped() {
        return unmapped;
    }

    /** Caveats of mapped keys (approximations). */
    public List<String> notes() {
        return notes;
    }

    private void map(JsonNode root) {
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            mapKey(e.getKey(), e.getValue(), root);
        }
        overrides.put("trainer.rollout_data_dir", ROLLOUT_DIR);
        notes.add("trainer.rollout_data_dir is set so verl dumps <step>.jsonl files that `rwb import` reads back.");
    }

    private void mapKey(String key, JsonNode v, JsonNode root) {
        String text = v.isTextual() ? v.asText() : v.toString();
        switch (key) {
            case "algorithm" -> algorithm(text.toLowerCase(Locale.ROOT).replace('-', '_'), root);
            case "group_size" -> overrides.put("actor_rollout_ref.rollout.n", text);
            case "learning_rate" -> overrides.put("actor_rollout_ref.actor.optim.lr", text);
            case "clip_low" -> overrides.put("actor_rollout_ref.actor.clip_ratio_low", text);
            case "clip_high" -> overrides.put("actor_rollout_ref.actor.clip_ratio_high", text);
            case "loss_agg_mode" -> overrides.put("actor_rollout_ref.actor.loss_agg_mode", text);
            case "max_response_length" -> overrides.put("data.max_response_length", text);
            case "max_prompt_length" -> overrides.put("data.max_prompt_length", text);
            case "batch_size" -> {
                overrides.put("data.train_batch_size", text);
                notes.add("batch_size is read as prompts per step: verl samples train_batch_size × rollout.n responses.");
            }
            case "entropy_coef" -> overrides.put("actor_rollout_ref.actor.entropy_coeff", text);
            case "max_grad_norm", "grad_clip" -> overrides.put("actor_rollout_ref.actor.grad_clip", text);
            case "temperature" -> overrides.put("actor_rollout_ref.rollout.temperature", text);
            case "total_steps" -> overrides.put("trainer.total_training_steps", text);
            case "kl_coef" -> kl(v.asDouble(), root);
            case "kl_type", "kl_in_reward" -> {
                // Read together with kl_coef.
            }
            case "mask_policy" -> maskPolicy(v);
            case "model", "model_path" -> {
                overrides.put("actor_rollout_ref.model.path", text);
                notes.add("actor_rollout_ref.model.path must name a Hugging Face model; workbench DJL checkpoints "
                        + "are not loadable by verl.");
            }
            default -> unmapped.add(key + ": no verl equivalent (" + reasonFor(key) + ")");
        }
    }

    private void algorithm(String name, JsonNode root) {
        switch (name) {
            case "grpo" -> overrides.put("algorithm.adv_estimator", "grpo");
            case "dr_grpo" -> {
                overrides.put("algorithm.adv_estimator", "grpo");
                overrides.put("algorithm.norm_adv_by_std_in_grpo", "False");
                if (!root.has("loss_agg_mode")) {
                    overrides.put("actor_rollout_ref.actor.loss_agg_mode", "seq-mean-token-sum-norm");
                }
            }
            case "rloo" -> overrides.put("algorithm.adv_estimator", "rloo");
            case "reinforce", "reinforce_baseline", "kimi" -> {
                overrides.put("algorithm.adv_estimator", "grpo");
                overrides.put("algorithm.norm_adv_by_std_in_grpo", "False");
                notes.add("REINFORCE with a mean baseline maps to GRPO without std normalisation (A = r - mean); "
                        + "Kimi k1.5's (τ/2)·(log π/π_old)² regulariser has no verl equivalent.");
            }
            case "ppo" -> {
                overrides.put("algorithm.adv_estimator", "gae");
                notes.add("adv_estimator=gae needs a critic: configure critic.model.path and critic.optim.lr.");
            }
            default -> unmapped.add("algorithm: '" + name + "' has no verl advantage estimator");
        }
    }

    private void kl(double coef, JsonNode root) {
        if (coef <= 0) {
            overrides.put("actor_rollout_ref.actor.use_kl_loss", "False");
            return;
        }
        String type = root.path("kl_type").asText("k3").toLowerCase(Locale.ROOT);
        if (root.path("kl_in_reward").asBoolean(false)) {
            overrides.put("algorithm.use_kl_in_reward", "True");
            overrides.put("algorithm.kl_ctrl.kl_coef", String.valueOf(coef));
            overrides.put("algorithm.kl_penalty", type.equals("k1") ? "kl" : "low_var_kl");
        } else {
            overrides.put("actor_rollout_ref.actor.use_kl_loss", "True");
            overrides.put("actor_rollout_ref.actor.kl_loss_coef", String.valueOf(coef));
            // verl's "low_var_kl" is the k3 estimator, "kl" is k1.
            overrides.put("actor_rollout_ref.actor.kl_loss_type", type.equals("k1") ? "kl" : "low_var_kl");
        }
    }

    private void maskPolicy(JsonNode v) {
        String name = v.isTextual() ? v.asText().toLowerCase(Locale.ROOT) : "custom";
        if (name.contains("search") || name.contains("tool")) {
            overrides.put("actor_rollout_ref.rollout.multi_turn.enable", "True");
            notes.add("Tool-response masking: verl's multi-turn rollout gives tool-response tokens response_mask 0 "
                    + "(the Search-R1 fork calls this actor_rollout_ref.actor.state_masking=True).");
        } else {
            unmapped.add("mask_policy: '" + (v.isTextual() ? v.asText() : v.toString()) + "' has no verl "
                    + "equivalent (verl's loss mask is binary: model tokens 1, tool responses 0)");
        }
    }

    private static String reasonFor(String key) {
        return switch (key) {
            case "length_penalty" -> "Kimi length penalty; implement as a custom reward function";
            case "overlong_buffer", "overlong_shaping" -> "DAPO overlong shaping lives in verl's DAPO recipe, "
                    + "not the main trainer";
            case "partial_rollouts", "token_budget" -> "partial rollouts are not in verl's main trainer";
            case "curriculum", "prioritized_sampling" -> "sampling order is the data loader's job in verl";
            case "entropy_filter", "entropy_top_rho" -> "per-token entropy filtering has no config key";
            default -> "workbench-specific setting";
        };
    }

    /** A shell command: {@code python3 -m verl.trainer.main_ppo key=value …}, one override per line. */
    public String toCommand() {
        StringBuilder sb = new StringBuilder();
        for (String n : notes) {
            sb.append("# ").append(n).append('\n');
        }
        for (String u : unmapped) {
            sb.append("# not mapped: ").append(u).append('\n');
        }
        sb.append("python3 -m verl.trainer.main_ppo");
        overrides.forEach((k, v) -> sb.append(" \\\n    ").append(k).append('=').append(shellQuote(v)));
        return sb.append('\n').toString();
    }

    /** The same overrides as nested YAML (for a Hydra config file). */
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
        StringBuilder sb = new StringBuilder();
        for (String n : notes) {
            sb.append("# ").append(n).append('\n');
        }
        for (String u : unmapped) {
            sb.append("# not mapped: ").append(u).append('\n');
        }
        yaml(sb, tree, 0);
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void yaml(StringBuilder sb, Map<String, Object> node, int depth) {
        node.forEach((k, v) -> {
            sb.append("  ".repeat(depth)).append(k).append(':');
            if (v instanceof Map<?, ?> m) {
                sb.append('\n');
                yaml(sb, (Map<String, Object>) m, depth + 1);
            } else {
                String s = v.toString();
                sb.append(' ').append(s.matches("[A-Za-z0-9_./+-]+") ? yamlScalar(s) : "'" + s.replace("'", "''") + "'")
                        .append('\n');
            }
        });
    }

    /** Python-style booleans become YAML booleans. */
    private static String yamlScalar(String s) {
        return s.equals("True") ? "true" : s.equals("False") ? "false" : s;
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_./+:=-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
