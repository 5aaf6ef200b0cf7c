package dev.rwb.engine.interop.export;

import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every sample config exported to verl YAML equals its checked-in expected file
 * ({@code src/test/resources/…/export/verl/<config>.yaml}). Run with {@code -Dverl.golden.write=true}
 * to rewrite the expected files after an intended change, then review the diff.
 */
class VerlExportGoldenTest {
    static final Path CONFIGS = Path.of("..", "samples", "configs");
    static final Path EXPECTED = Path.of("src", "test", "resources", "dev", "rwb", "engine", "interop", "export", "verl");

    static List<Path> sampleConfigs() throws Exception {
        try (Stream<Path> s = Files.list(CONFIGS)) {
            return s.filter(dev.rwb.engine.config.WallTimes::isRunConfig).sorted().toList();
        }
    }

    @Test
    void everySampleConfigExportsToItsExpectedYaml() throws Exception {
        List<Path> configs = sampleConfigs();
        assertFalse(configs.isEmpty(), "no sample configs in " + CONFIGS.toAbsolutePath());
        for (Path config : configs) {
            String yaml = VerlLaunchConfig.of(TrainingRecipe.of(RunConfigReader.read(config))).toYaml();
            Path expected = EXPECTED.resolve(config.getFileName().toString().replace(".json", ".yaml"));
            if (Boolean.getBoolean("verl.golden.write")) {
                Files.writeString(expected, yaml);
            }
            assertTrue(Files.exists(expected), "no expected export for " + config + " at " + expected);
            assertEquals(Files.readString(expected), yaml, "verl export of " + config);
        }
    }

    @Test
    void everyVerlSettingOfTheIssueIsMapped() throws Exception {
        VerlLaunchConfig c = VerlLaunchConfig.of(TrainingRecipe.of(RunConfigReader.parse("""
                {"algorithm": {"name": "grpo", "group_size": 4, "prompts_per_step": 8},
                 "optimizer": {"learning_rate": 0.0003},
                 "kl": {"estimator": "k3", "placement": "loss", "beta": 0.002},
                 "clip": {"eps_low": 0.2, "eps_high": 0.28, "dual_clip": 3},
                 "entropy_coef": 0.01, "loss_aggregation": "seq_mean_token_mean",
                 "sampling": {"temperature": 0.7},
                 "rollout": {"max_new_tokens": 100, "max_total_tokens": 300},
                 "model": {"preset": "tiny"}}""", "t")));
        var o = c.overrides();
        assertEquals(0.0003, o.get("actor_rollout_ref.actor.optim.lr"));
        assertEquals(true, o.get("actor_rollout_ref.actor.use_kl_loss"));
        assertEquals(0.002, o.get("actor_rollout_ref.actor.kl_loss_coef"));
        assertEquals("low_var_kl", o.get("actor_rollout_ref.actor.kl_loss_type"));
        assertEquals(false, o.get("algorithm.use_kl_in_reward"));
        assertEquals(0.2, o.get("actor_rollout_ref.actor.clip_ratio_low"));
        assertEquals(0.28, o.get("actor_rollout_ref.actor.clip_ratio_high"));
        assertEquals(3.0, o.get("actor_rollout_ref.actor.clip_ratio_c"));
        assertEquals("seq-mean-token-mean", o.get("actor_rollout_ref.actor.loss_agg_mode"));
        assertEquals(0.01, o.get("actor_rollout_ref.actor.entropy_coeff"));
        assertEquals(4, o.get("actor_rollout_ref.rollout.n"));
        assertEquals(100, o.get("data.max_response_length"));
        assertEquals(0.7, o.get("actor_rollout_ref.rollout.temperature"));
        assertEquals("grpo", o.get("algorithm.adv_estimator"));
        assertEquals("???", o.get("actor_rollout_ref.model.path"), "a workbench model is no Hugging Face path");
        assertTrue(c.toCommand().contains("    actor_rollout_ref.actor.optim.lr=0.0003 \\\n"), c.toCommand());
        assertTrue(c.toCommand().contains("'actor_rollout_ref.actor.optim.betas=[0.9,0.999]'"), c.toCommand());

        VerlLaunchConfig reward = VerlLaunchConfig.of(TrainingRecipe.of(RunConfigReader.parse(
                "{\"kl\": {\"estimator\": \"k1\", \"placement\": \"reward\", \"beta\": 0.05}}", "r")));
        assertEquals(false, reward.overrides().get("actor_rollout_ref.actor.use_kl_loss"));
        assertEquals(true, reward.overrides().get("algorithm.use_kl_in_reward"));
        assertEquals("kl", reward.overrides().get("algorithm.kl_penalty"));
        assertEquals(0.05, reward.overrides().get("algorithm.kl_ctrl.kl_coef"));
    }

    @Test
    void settingsVerlLacksAreNamedAndActiveOnesFlagged() throws Exception {
        VerlLaunchConfig c = VerlLaunchConfig.of(TrainingRecipe.of(RunConfigReader.parse(
                "{\"mask\": {\"preset\": \"no_masking\", \"entropy_top_fraction\": 0.2}}", "m")));
        String yaml = c.toYaml();
        assertTrue(yaml.contains("#   mask no_masking {REASONING: 1.0, TOOL_CALL: 1.0, TOOL_RESPONSE: 1.0, ANSWER: 1.0, "
                + "OTHER_MODEL: 1.0} — ACTIVE in this run"), yaml);
        assertTrue(yaml.contains("#   mask.entropy_top_fraction = 0.2 — ACTIVE in this run"), yaml);
        assertTrue(yaml.contains("#   algorithm.tau = 0.0 — not used in this run, nothing lost"), yaml);
        String searchR1 = VerlLaunchConfig.of(TrainingRecipe.of(RunConfigReader.defaultConfig())).toYaml();
        assertTrue(searchR1.contains("#   mask search_r1 {REASONING: 1.0, TOOL_CALL: 1.0, ANSWER: 1.0, OTHER_MODEL: 1.0} "
                + "— the same as verl's response_mask, nothing lost"), "Search-R1 masking is what verl's response_mask does: " + searchR1);
    }
}
