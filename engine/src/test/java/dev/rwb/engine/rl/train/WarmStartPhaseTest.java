package dev.rwb.engine.rl.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.model.GptPolicy;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warm start is the run's first phase (issue 14): {@code rwb train} names the run before it,
 * reports it as {@code warm_start} events, stores its loss curve and checkpoints it; a run killed in
 * it resumes with its curve continuous and goes on to RL, and a warm start continued from its
 * checkpoint equals one never stopped, bit for bit. A multi-phase warm start in one config trains
 * the same model as the {@code rwb sft --from} chain.
 */
class WarmStartPhaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONFIG = """
            {"name": "ws", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
             "algorithm": {"name": "grpo", "group_size": 2, "prompts_per_step": 2},
             "rollout": {"max_turns": 2, "max_new_tokens": 12, "max_total_tokens": 64},
             "steps": 2, "eval": {"every": 0, "n": 4, "pass_k": 1}, "checkpoint_every": 1,
             "seed": 3, "device": "cpu", "threads": 1,
             "warm_start": {"demonstrations": 32, "noise": 0.5, "batch_size": 4, "learning_rate": 0.002,
                            "checkpoint_every": 10,
                            "phases": [{"steps": 150}, {"steps": 30, "noise": 0.2, "mistakes": "guess"}]}}
            """;
    static final int FIRST = 150;
    static final int TOTAL = 180;

    @TempDir
    Path dir;

    @Test
    void killedInItsWarmStartARunResumesToTheModelOfAnUninterruptedRun() throws Exception {
        Path cfg = dir.resolve("ws.json");
        Files.writeString(cfg, CONFIG);
        Path db = dir.resolve("killed.db");
        Path warmStartDir = dir.resolve("killed.db.checkpoints").resolve("run-1").resolve("warm-start");

        Process first = TrainerProcessTest.rwb("train", "--config", cfg.toString(), "--db", db.toString());
        List<String> firstLines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = drain(first, firstLines);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(warmStartDir.resolve(RunCheckpoint.STATE)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        first.destroyForcibly();
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        reader.join();
        assertTrue(firstLines.get(0).startsWith("{\"event\":\"run\""), "the run event comes first: " + firstLines);
        assertEquals(1, JSON.readTree(firstLines.get(0)).get("run_id").asInt());

        WarmStartRunner.Progress killedAt = WarmStartRunner.progressIn(warmStartDir);
        Map<Integer, Double> beforeResume;
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals(RlTrainer.WARM_START_STATUS, store.run(1).status(), "a killed warm start leaves a run that says so");
            beforeResume = lossCurve(store, 1);
            assertTrue(beforeResume.size() >= killedAt.stepsDone(), "the curve is stored up to the checkpoint");
        }
        assertEquals(0, killedAt.phase(), "killed in the first phase: " + killedAt);
        assertTrue(killedAt.stepsDone() < FIRST, "killed before the end of the first phase: " + killedAt);

        Process second = TrainerProcessTest.rwb("train", "--resume", "1", "--db", db.toString());
        long t0 = System.nanoTime();
        List<String> lines = new ArrayList<>();
        drain(second, lines).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(second.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, second.exitValue(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("{\"event\":\"run\""), lines.get(0));
        assertTrue(JSON.readTree(lines.get(0)).get("resumed").asBoolean());
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            if (n.get("event").asText().equals("warm_start")) {
                events.add(n);
            }
        }
        assertEquals(List.of("event", "run_id", "phase", "phases", "step", "steps", "loss", "eta_s"),
                fieldNames(events.get(0)), "the event format the GUI reads");
        int previous = killedAt.stepsDone();
        for (JsonNode e : events) {
            int global = e.get("phase").asInt() == 1 ? e.get("step").asInt() : FIRST + e.get("step").asInt();
            assertTrue(global > previous, "warm_start steps increase and continue after the checkpoint: " + events);
            assertEquals(2, e.get("phases").asInt());
            assertEquals(e.get("phase").asInt() == 1 ? FIRST : TOTAL - FIRST, e.get("steps").asInt());
            assertTrue(e.get("eta_s").asLong() >= 0 && e.get("loss").asDouble() > 0, e.toString());
            previous = global;
        }
        assertEquals(TOTAL, previous, "the last step of the last phase is reported");
        assertTrue(events.size() <= 3 + seconds, events.size() + " events in " + seconds + " s: about one a second");
        assertTrue(lines.get(lines.size() - 1).contains("\"outcome\":\"finished\""));

        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            assertEquals("finished", store.run(1).status());
            Map<Integer, Double> curve = lossCurve(store, 1);
            assertEquals(TOTAL, curve.size(), "one loss per warm-start step, none missing or twice");
            for (int step = 1; step <= killedAt.stepsDone(); step++) {
                assertEquals(beforeResume.get(step), curve.get(step), "step " + step + " up to the checkpoint is kept");
            }
            assertEquals(2.0, store.stepMetrics(1).stream()
                    .filter(m -> m.name().equals(RlTrainer.WARM_START_PHASE) && m.step() == FIRST + 1)
                    .findFirst().orElseThrow().value(), "phase 2 starts at the warm-start step after phase 1");
            List<Integer> checkpoints = store.stepMetrics(1).stream()
                    .filter(m -> m.name().equals(RlTrainer.CHECKPOINT_METRIC)).map(StepMetric::step).toList();
            assertEquals(List.of(0, 1, 2), checkpoints, "then RL ran its steps");
        }
    }

    /**
     * The warm start's checkpoint holds everything its continuation needs: stopped after 25 steps (its
     * checkpoint is step 20) and continued from that checkpoint, it gives the losses and the weights of
     * a warm start that was never stopped. On an idle machine they agree bit for bit; on a loaded one
     * libtorch's CPU kernels drifted in the 4th–5th digit after a few dozen steps (seen twice, in two
     * full suites under load 20+), so the comparison allows a relative 1e-3, and a continuation that
     * lost its place (the phase replayed from step 0 on the checkpoint's weights) is shown to differ by
     * far more than that. (Across processes see docs/EXPERIMENTS.md; the process test above checks
     * continuity.)
     */
    @Test
    void aWarmStartContinuedFromItsCheckpointEqualsOneNeverStopped() throws Exception {
        ComputeDevice.configureThreads(1);
        RunConfig c = RunConfigReader.parse(CONFIG, "ws.json");
        RunSetup setup = new RunSetup(c);
        int stopAt = FIRST + 15;
        List<Double> whole = new ArrayList<>();
        List<float[]> wholeWeights;
        try (GptPolicy p = setup.initialPolicy(line -> { })) {
            runner(p, setup, c, null).run(WarmStartRunner.Progress.START,
                    (phase, step, global, loss, eta) -> whole.add(loss), () -> whole.size() >= stopAt, line -> { });
            wholeWeights = weights(p);
        }
        Path ck = dir.resolve("warm-start");
        List<Double> resumed = new ArrayList<>();
        try (GptPolicy p = setup.initialPolicy(line -> { })) {
            runner(p, setup, c, ck).run(WarmStartRunner.Progress.START,
                    (phase, step, global, loss, eta) -> resumed.add(loss), () -> resumed.size() >= 25, line -> { });
        }
        WarmStartRunner.Progress at = WarmStartRunner.progressIn(ck);
        assertEquals(new WarmStartRunner.Progress(0, 20), at);
        resumed.subList(20, resumed.size()).clear();
        try (GptPolicy p = RunCheckpoint.loadPolicy(ck, setup.device())) {
            runner(p, setup, c, ck).run(at, (phase, step, global, loss, eta) -> resumed.add(loss),
                    () -> resumed.size() >= stopAt, line -> { });
            assertEquals(whole.size(), resumed.size());
            for (int step = 0; step < whole.size(); step++) {
                assertEquals(whole.get(step), resumed.get(step), LOSS_TOLERANCE * Math.max(1, Math.abs(whole.get(step))),
                        "the same loss at step " + step + ", across the phase boundary");
            }
            List<float[]> w = weights(p);
            for (int i = 0; i < w.size(); i++) {
                assertArrayEquals(wholeWeights.get(i), w.get(i), (float) LOSS_TOLERANCE, "parameter " + i);
            }
        }
        List<Double> lostItsPlace = new ArrayList<>();
        try (GptPolicy p = RunCheckpoint.loadPolicy(ck, setup.device())) {
            runner(p, setup, c, null).run(WarmStartRunner.Progress.START,
                    (phase, step, global, loss, eta) -> lostItsPlace.add(loss), () -> lostItsPlace.size() >= 5, line -> { });
        }
        double worst = 0;
        for (int step = 0; step < lostItsPlace.size(); step++) {
            worst = Math.max(worst, Math.abs(lostItsPlace.get(step) - whole.get(20 + step)) / Math.max(1, whole.get(20 + step)));
        }
        assertTrue(worst > 10 * LOSS_TOLERANCE, "the tolerance tells a wrong continuation apart: " + worst);
    }

    /** Relative difference allowed between a continued and an uninterrupted warm start (see above). */
    private static final double LOSS_TOLERANCE = 1e-3;

    private static WarmStartRunner runner(GptPolicy p, RunSetup setup, RunConfig c, Path checkpoint) {
        return new WarmStartRunner(p, setup.warmStartPlan(p), dev.rwb.engine.rl.recipe.TrainingRecipe.of(c), c.seed(),
                checkpoint, c.warmStart().checkpointEvery());
    }

    private static List<float[]> weights(GptPolicy p) {
        List<float[]> out = new ArrayList<>();
        p.model().getParameters().values().forEach(param -> out.add(param.getArray().toFloatArray()));
        return out;
    }

    @Test
    void aMultiPhaseWarmStartTrainsTheModelOfTheSftFromChain() throws Exception {
        ComputeDevice.configureThreads(1);
        String base = """
                {"name": "chain", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
                 "rollout": {"max_turns": 2, "max_new_tokens": 12, "max_total_tokens": 64},
                 "seed": 5, "device": "cpu", "threads": 1, %s}
                """;
        String phaseA = "\"demonstrations\": 32, \"noise\": 0.5, \"batch_size\": 4, \"learning_rate\": 0.003";
        String phaseB = "\"demonstrations\": 24, \"noise\": 0.8, \"mistakes\": \"guess\", \"batch_size\": 3, \"learning_rate\": 0.001";
        RunConfig phases = RunConfigReader.parse(base.formatted("\"warm_start\": {\"phases\": [{\"steps\": 12, "
                + phaseA + "}, {\"steps\": 8, " + phaseB + "}]}"), "phases.json");
        Path first = dir.resolve("first");
        RunConfig sft1 = RunConfigReader.parse(base.formatted("\"warm_start\": {\"steps\": 12, " + phaseA
                + ", \"save_to\": \"" + first + "\"}"), "sft1.json");
        RunConfig sft2 = RunConfigReader.parse(base.formatted("\"model\": {\"checkpoint\": \"" + first
                + "\"}, \"warm_start\": {\"steps\": 8, " + phaseB + "}"), "sft2.json");

        List<Integer> steps = new ArrayList<>();
        List<float[]> one;
        try (GptPolicy oneConfig = new RunSetup(phases).freshPolicy(line -> { }, (loss, step) -> steps.add(step))) {
            one = weights(oneConfig);
        }
        List<float[]> afterFirst;
        try (GptPolicy p = new RunSetup(sft1).freshPolicy(line -> { })) {
            afterFirst = weights(p);
        }
        try (GptPolicy chained = new RunSetup(sft2).freshPolicy(line -> { })) {
            List<float[]> two = weights(chained);
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(two.get(i), one.get(i), "parameter " + i
                        + ": two phases in one config = rwb sft, then rwb sft --from it");
            }
        }
        assertTrue(!java.util.Arrays.equals(afterFirst.get(0), one.get(0)), "the second phase trained");
        assertEquals(20, steps.size());
        assertEquals(20, steps.get(19), "steps are numbered across phases");
    }

    private static Thread drain(Process p, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process was killed: what was read is kept
            }
        });
        t.start();
        return t;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<Integer, Double> lossCurve(WorkbenchStore store, long runId) {
        Map<Integer, Double> out = new TreeMap<>();
        for (StepMetric m : store.stepMetrics(runId)) {
            if (m.name().equals(RlTrainer.WARM_START_LOSS)) {
                assertTrue(out.put(m.step(), m.value()) == null, "step " + m.step() + " twice");
            }
        }
        return out;
    }
}
