package dev.rwb.engine.rl.train;

import dev.rwb.engine.config.RunConfig;
import dev.rwb.engine.config.RunConfigReader;
import dev.rwb.engine.model.ComputeDevice;
import dev.rwb.engine.store.StepMetric;
import dev.rwb.engine.store.TrajectoryQuery;
import dev.rwb.engine.store.TrajectorySummary;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partial rollouts in the trainer: an untrained policy rambles to the response limit, so a budget of
 * 8 tokens per step leaves groups unfinished; they continue next step with the updated policy and
 * are stored, once done, with one policy segment per step that wrote them.
 */
class PartialRolloutTrainingTest {
    @TempDir
    Path dir;

    @Test
    void unfinishedGroupsContinueAcrossStepsAndRecordEveryPolicyVersion() throws Exception {
        ComputeDevice.configureThreads(1);
        RunConfig config = RunConfigReader.parse("""
                {"name": "partial", "task": {"name": "arithmetic", "level": 1, "heldout_size": 4},
                 "model": {"preset": "tiny"},
                 "algorithm": {"name": "grpo", "group_size": 2, "prompts_per_step": 3},
                 "optimizer": {"learning_rate": 0.001},
                 "rollout": {"max_turns": 2, "max_new_tokens": 24, "max_total_tokens": 64, "partial_token_budget": 8},
                 "steps": 6, "eval": {"every": 0, "n": 4, "pass_k": 1}, "checkpoint_every": 0,
                 "seed": 5, "device": "cpu", "threads": 1, "store_fraction": 1.0,
                 "warm_start": {"steps": 0}}
                """, "partial.json");
        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("partial.db"));
             RlTrainer trainer = RlTrainer.start(config, store, new TrainingListener() { })) {
            trainer.train();
            double pendingMax = 0;
            double resumed = 0;
            for (StepMetric m : store.stepMetrics(trainer.runId())) {
                if (m.name().equals("partial_groups_pending")) {
                    pendingMax = Math.max(pendingMax, m.value());
                    assertTrue(m.value() <= 3, "never more groups in flight than prompts per step: " + m);
                } else if (m.name().equals("partial_groups_resumed")) {
                    resumed += m.value();
                }
            }
            assertTrue(pendingMax > 0, "the 8-token budget must leave groups unfinished");
            assertTrue(resumed > 0, "unfinished groups must be continued");

            List<TrajectorySummary> rows = store.query(TrajectoryQuery.builder().page(0, 1000).build()).rows();
            int multiVersion = 0;
            for (TrajectorySummary row : rows) {
                Trajectory t = store.load(row.id());
                List<PolicySegment> segments = t.policySegments();
                assertTrue(!segments.isEmpty(), "every trajectory names its policy version(s)");
                for (int k = 1; k < segments.size(); k++) {
                    assertTrue(segments.get(k).policyVersion() > segments.get(k - 1).policyVersion(), t.groupId());
                    assertTrue(segments.get(k).startToken() > segments.get(k - 1).startToken(), t.groupId());
                }
                assertTrue(segments.get(segments.size() - 1).policyVersion() <= t.step() - 1,
                        "no segment is newer than the policy of the step that stored it");
                assertTrue(t.responseLength() <= 24 + 8, "the response limit still holds: " + t.responseLength());
                multiVersion += segments.size() > 1 ? 1 : 0;
            }
            assertTrue(multiVersion > 0, "some stored trajectories were written by more than one policy version");
            assertEquals(0, rows.size() % 2, "only whole groups are stored");
        }
    }
}
