package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.env.reward.Verdict;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.store.WorkbenchStore;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Trajectory;
import dev.rwb.engine.trajectory.TrajectoryJsonl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model text can never kill a run (issue 17): a tool that throws, a verifier that throws and a
 * reward that fails (here on a verifier that returns null) each give the episode reward 0 with the
 * error recorded on its trajectory, while the other episodes of the batch are scored as usual;
 * the errors survive the store and the JSONL format.
 */
class FailuresScoreZeroTest {
    private static final TaskTokenizer TOK = TaskTokenizer.fromCorpus(List.of("calc boom crash null 0123456789"), 1);

    @TempDir
    Path dir;

    @Test
    void toolVerifierAndRewardFailuresScoreZeroAndAreRecorded() throws Exception {
        HostileTask task = new HostileTask();
        TaskInstance instance = task.generate(1, 1, 1, Split.TRAIN).get(0);
        String right = "<answer>" + instance.groundTruth() + "</answer>";
        List<String> scripts = List.of("<calc>boom</calc>" + right, "<answer>crash</answer>", right);
        RolloutEngine engine = new RolloutEngine(new FakePolicy(TOK, scripts, 4096), RolloutConfig.defaults(),
                new CompositeReward(RewardWeights.defaults()));
        List<Trajectory> ts = engine.rollout(task, List.of(instance), 3, SamplingParams.greedy(), new RolloutContext("t", 0));

        Trajectory tool = ts.get(0);
        assertEquals(FinishReason.TOOL_ERROR, tool.finishReason());
        assertTrue(tool.toolError().contains("tool exploded"), tool.toolError());
        assertEquals(0.0, tool.reward());
        assertFalse(tool.correct());
        Trajectory verifier = ts.get(1);
        assertTrue(verifier.verifierError().contains("verifier failed") && verifier.verifierError().contains("exploded"),
                verifier.verifierError());
        assertEquals(0.0, verifier.reward());
        assertNull(verifier.toolError());
        Trajectory fine = ts.get(2);
        assertNull(fine.error());
        assertTrue(fine.correct(), "the healthy episode of the same group is scored as usual");
        assertEquals(1.0, fine.rewardComponents().get(CompositeReward.CORRECTNESS), 1e-9);

        List<String> nullScripts = List.of("<answer>null</answer>", right);
        List<Trajectory> rewardFailed = new RolloutEngine(new FakePolicy(TOK, nullScripts, 4096),
                RolloutConfig.defaults(), new CompositeReward(RewardWeights.defaults()))
                .rollout(task, List.of(instance), 2, SamplingParams.greedy(), new RolloutContext("t", 1));
        for (Trajectory t : rewardFailed) {
            assertTrue(t.verifierError() != null && t.verifierError().startsWith("reward failed"), t.verifierError());
            assertEquals(0.0, t.reward(), "a failed reward function scores the whole group 0");
        }

        try (WorkbenchStore store = WorkbenchStore.open(dir.resolve("w.db"))) {
            Trajectory back = store.load(store.insert(tool));
            assertEquals(tool.toolError(), back.toolError());
            Trajectory back2 = store.load(store.insert(verifier));
            assertEquals(verifier.verifierError(), back2.verifierError());
            assertNull(store.load(store.insert(fine)).error());
        }
        Trajectory line = TrajectoryJsonl.parseLine(TrajectoryJsonl.toLine(verifier), "x.jsonl", 1);
        assertEquals(verifier.verifierError(), line.verifierError());
    }

    /** Arithmetic whose calc tool throws on "boom" and whose verifier throws on "crash" and returns null on "null". */
    private static final class HostileTask implements Task {
        private final ArithmeticTask inner = new ArithmeticTask();

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public int maxLevel() {
            return inner.maxLevel();
        }

        @Override
        public List<TaskInstance> generate(long seed, int n, int level, Split split) {
            return inner.generate(seed, n, level, split);
        }

        @Override
        public List<Tool> toolsFor(TaskInstance instance) {
            Tool calc = inner.toolsFor(instance).get(0);
            return List.of(new Tool() {
                @Override
                public String name() {
                    return calc.name();
                }

                @Override
                public Observation call(String argument) {
                    if (argument.contains("boom")) {
                        throw new IllegalStateException("tool exploded");
                    }
                    return calc.call(argument);
                }

                @Override
                public Observation errorObservation(String message) {
                    return calc.errorObservation(message);
                }
            });
        }

        @Override
        public Verdict verify(TaskInstance instance, String finalAnswer) {
            if ("crash".equals(finalAnswer)) {
                throw new IllegalArgumentException("verifier exploded");
            }
            return "null".equals(finalAnswer) ? null : inner.verify(instance, finalAnswer);
        }

        @Override
        public Oracle oracle() {
            return inner.oracle();
        }
    }
}
