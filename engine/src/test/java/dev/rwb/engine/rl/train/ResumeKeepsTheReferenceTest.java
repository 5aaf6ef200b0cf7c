package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.Checkpoint;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The KL reference survives a resume (issue 17): {@code step-0} holds the policy as RL started, and
 * resuming a run after updates must not overwrite it with the resumed (trained) policy. Before the
 * fix {@code prepare()} ran while the next step was still 1, so it saved the resumed policy as step 0.
 */
class ResumeKeepsTheReferenceTest {
    @TempDir
    Path dir;

    @Test
    void resumingDoesNotRewriteStepZero() throws Exception {
        ComputeDevice.configureThreads(1);
        RunConfig config = RunConfigReader.parse("""
                {"name": "ref", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
                 "model": {"preset": "tiny"},
                 "algorithm": {"name": "grpo", "group_size": 4, "prompts_per_step": 2},
                 "optimizer": {"learning_rate": 0.01},
                 "kl": {"estimator": "k3", "placement": "loss", "beta": 0.1},
                 "rollout": {"max_turns": 2, "max_new_tokens": 12, "max_total_tokens": 64},
                 "steps": 2, "eval": {"every": 0, "n": 4, "pass_k": 1}, "checkpoint_every": 1,
                 "seed": 3, "device": "cpu", "threads": 1, "store_fraction": 1.0,
                 "warm_start": {"steps": 30, "demonstrations": 32, "noise": 0.5, "batch_size": 8, "learning_rate": 0.002}}
                """, "ref.json");
        Path db = dir.resolve("ref.db");
        long runId;
        try (WorkbenchStore store = WorkbenchStore.open(db);
             RlTrainer trainer = RlTrainer.start(config, store, new TrainingListener() { })) {
            trainer.train();
            runId = trainer.runId();
        }
        Path root;
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            root = store.checkpointFolder(store.run(runId));
        }
        byte[] reference = Files.readAllBytes(root.resolve("step-0").resolve(Checkpoint.PARAMETERS));
        byte[] trained = Files.readAllBytes(root.resolve("step-2").resolve(Checkpoint.PARAMETERS));
        assertFalse(java.util.Arrays.equals(reference, trained), "the updates changed the policy");
        try (WorkbenchStore store = WorkbenchStore.open(db);
             RlTrainer resumed = RlTrainer.resume(runId, store, new TrainingListener() { })) {
            resumed.train();
        }
        assertArrayEquals(reference, Files.readAllBytes(root.resolve("step-0").resolve(Checkpoint.PARAMETERS)),
                "step-0, the KL reference, is still the policy RL started from");
    }
}
