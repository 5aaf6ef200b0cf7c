package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.TokenArrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KL as a monitor: with an estimator named and β = 0 the trainer scores every episode under the
 * frozen reference and records the KL, but the update is the one without KL — the same rewards,
 * step by step, as a run with no estimator. (A 30-step warm start gives the groups reward variance.)
 */
class KlMonitorTest {
    @TempDir
    Path dir;

    @Test
    void betaZeroRecordsKlWithoutChangingTheRun() throws Exception {
        ComputeDevice.configureThreads(1);
        Map<Integer, Double> klOfMonitored = metric(run("k3", "monitored"), "kl");
        Map<Integer, Double> klOfPlain = metric(run("none", "plain"), "kl");

        assertEquals(0.0, klOfMonitored.get(1), 1e-4, "step 1 samples from the reference itself");
        double updates = metric(dir.resolve("monitored.db"), "optimizer_steps").entrySet().stream()
                .filter(e -> e.getKey() < 4).mapToDouble(Map.Entry::getValue).sum();
        assertTrue(updates > 0, "the short warm start leaves reward variance, so steps 1-3 update");
        assertTrue(klOfMonitored.get(4) > 1e-4, "after updates at lr 1e-2 the policy has moved: " + klOfMonitored);
        assertTrue(klOfPlain.values().stream().allMatch(v -> v == 0.0), "no estimator, no KL: " + klOfPlain);
        assertEquals(metric(dir.resolve("plain.db"), "reward_mean"), metric(dir.resolve("monitored.db"), "reward_mean"),
                "β = 0 leaves the optimisation untouched");

        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("monitored.db"))) {
            long id = store.query(TrajectoryQuery.builder().stepRange(4, 4).page(0, 1).build()).rows().get(0).id();
            TokenArrays t = store.load(id).tokens();
            int withRef = 0;
            for (int i = 0; i < t.length(); i++) {
                withRef += t.roles()[i].isModelWritten() && Float.isFinite(t.refLogprobs()[i]) ? 1 : 0;
            }
            assertTrue(withRef > 0, "stored episodes carry ref_logprob on model tokens");
        }
    }

    private Path run(String estimator, String name) throws Exception {
        RunConfig config = RunConfigReader.parse("""
                {"name": "%s", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
                 "model": {"preset": "tiny"},
                 "algorithm": {"name": "grpo", "group_size": 4, "prompts_per_step": 2},
                 "optimizer": {"learning_rate": 0.01},
                 "kl": {"estimator": "%s", "placement": "loss", "beta": 0.0},
                 "rollout": {"max_turns": 2, "max_new_tokens": 12, "max_total_tokens": 64},
                 "steps": 4, "eval": {"every": 0, "n": 4, "pass_k": 1}, "checkpoint_every": 0,
                 "seed": 3, "device": "cpu", "threads": 1, "store_fraction": 1.0,
                 "warm_start": {"steps": 30, "demonstrations": 32, "noise": 0.5, "batch_size": 8, "learning_rate": 0.002}}
                """.formatted(name, estimator), name + ".json");
        Path db = dir.resolve(name + ".db");
        try (WorkbenchStore store = WorkbenchStore.open(db);
             RlTrainer trainer = RlTrainer.start(config, store, new TrainingListener() { })) {
            trainer.train();
        }
        return db;
    }

    private static Map<Integer, Double> metric(Path db, String name) {
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            Map<Integer, Double> out = new TreeMap<>();
            List<StepMetric> all = store.stepMetrics(store.listRuns().get(0).run().id());
            all.stream().filter(m -> m.name().equals(name)).forEach(m -> out.put(m.step(), m.value()));
            return out;
        }
    }
}
