package dev.rwb.engine.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: {@code rwb export verl} of a trained run dropped the learning rate, KL, clip and mask,
 * because the exporter read flat keys while the trainer stores its nested run config (model.path came
 * out as {"preset":"tiny","checkpoint":null}). This trains a tiny run with {@code rwb train}, exports
 * the config stored in its DB and compares it with the checked-in expected YAML.
 */
class VerlExportOfTrainedRunTest {
    static final Path EXPECTED = Path.of("src", "test", "resources", "dev", "rwb", "engine", "interop", "export",
            "verl", "trained-run.yaml");

    @Test
    void theStoredConfigOfATrainedRunExportsEverySetting(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tiny.json");
        Files.writeString(config, """
                {"name": "tiny-dr-grpo", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
                 "model": {"preset": "tiny"},
                 "algorithm": {"name": "dr_grpo", "group_size": 4, "prompts_per_step": 2},
                 "optimizer": {"learning_rate": 0.0005, "schedule": "cosine", "warmup_steps": 1, "adam_beta2": 0.98},
                 "kl": {"estimator": "k3", "placement": "loss", "beta": 0.004},
                 "clip": {"eps_low": 0.15, "eps_high": 0.3, "dual_clip": 3.0},
                 "entropy_coef": 0.002, "mask": {"preset": "answer_only"},
                 "sampling": {"temperature": 0.9, "top_k": 20},
                 "rollout": {"max_turns": 2, "max_new_tokens": 12, "max_total_tokens": 64},
                 "steps": 1, "eval": {"every": 0, "n": 4, "pass_k": 1}, "checkpoint_every": 0,
                 "seed": 5, "device": "cpu", "threads": 1}
                """);
        Path db = dir.resolve("w.db");
        String[] trained = ImportCommandTest.run("train", "--config", config.toString(), "--db", db.toString());
        assertEquals("0", trained[0], trained[2]);
        String[] out = ImportCommandTest.run("export", "verl", "--yaml", "--db", db.toString(), "--run", "tiny-dr-grpo");
        assertEquals("0", out[0], out[2]);
        String yaml = out[1];
        if (Boolean.getBoolean("verl.golden.write")) {
            Files.writeString(EXPECTED, yaml);
        }
        assertEquals(Files.readString(EXPECTED), yaml);
        // the values of the bug report, by name
        assertTrue(yaml.contains("      lr: 0.0005\n"), yaml);
        assertTrue(yaml.contains("    kl_loss_coef: 0.004\n    kl_loss_type: low_var_kl\n"), yaml);
        assertTrue(yaml.contains("    clip_ratio_low: 0.15\n    clip_ratio_high: 0.3\n    clip_ratio_c: 3.0\n"), yaml);
        assertTrue(yaml.contains("    loss_agg_mode: seq-mean-token-sum-norm\n    loss_scale_factor: 64\n"), yaml);
        assertTrue(yaml.contains("#   mask answer_only {ANSWER: 1.0} — ACTIVE in this run"), yaml);
        assertTrue(yaml.contains("    path: ???\n"), yaml);
        assertFalse(yaml.contains("{\"preset\""), "no config JSON leaks into a value: " + yaml);
    }
}
