package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.WorkbenchStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KL in the loss at β &gt; 0 trains (issue 17): the KL term, the entropy bonus and Kimi's τ term are
 * scalars computed in float32, so the loss stays float32 and {@code GradientStep} can read it. Before
 * the fix every such run died at its first update with "DataType mismatch, Required float, Actual
 * float64", because a 0-d float32 array times a Java double is promoted to float64.
 */
class KlInLossTrainingTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"k1", "k3"})
    void betaAboveZeroRunsToTheEnd(String estimator) throws Exception {
        ComputeDevice.configureThreads(1);
        RunConfig config = RunConfigReader.parse("""
                {"name": "kl-%s", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
                 "model": {"preset": "tiny"},
                 "algorithm": {"name": "grpo", "group_size": 4, "prompts_per_step": 2}, "entropy_coef": 0.01,
                 "optimizer": {"learning_rate": 0.01},
                 "kl": {"estimator": "%s", "placement": "loss", "beta": 0.1},
                 "rollout": {"max_turns": 2, "max_new_tokens": 12, "max_total_tokens": 64},
                 "steps": 3, "eval": {"every": 0, "n": 4, "pass_k": 1}, "checkpoint_every": 0,
                 "seed": 3, "device": "cpu", "threads": 1, "store_fraction": 1.0,
                 "warm_start": {"steps": 30, "demonstrations": 32, "noise": 0.5, "batch_size": 8, "learning_rate": 0.002}}
                """.formatted(estimator, estimator), "kl.json");
        Path db = dir.resolve("kl.db");
        try (WorkbenchStore store = WorkbenchStore.open(db);
             RlTrainer trainer = RlTrainer.start(config, store, new TrainingListener() { })) {
            trainer.train();
        }
        try (WorkbenchStore store = WorkbenchStore.open(db)) {
            List<StepMetric> metrics = store.stepMetrics(store.listRuns().get(0).run().id());
            double updates = metrics.stream().filter(m -> m.name().equals("optimizer_steps"))
                    .mapToDouble(StepMetric::value).sum();
            assertTrue(updates > 0, "at least one update ran with the KL term in the loss: " + metrics);
            assertTrue(metrics.stream().filter(m -> m.name().equals("loss")).allMatch(m -> Double.isFinite(m.value())),
                    "every recorded loss is finite");
            assertTrue(metrics.stream().anyMatch(m -> m.name().equals("kl") && m.step() == 3), "KL recorded at the last step");
        }
    }
}
