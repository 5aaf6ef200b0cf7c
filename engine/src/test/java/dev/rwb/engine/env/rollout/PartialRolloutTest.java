package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.trajectory.PolicySegment;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Partial rollouts: a token budget per call pauses episodes; later calls continue them to the same result. */
class PartialRolloutTest {
    private static final TaskTokenizer TOK = TaskTokenizer.fromCorpus(List.of("Compute I will use calc ok"), 1);
    private static final TaskInstance ADD = TaskInstance.of(ArithmeticTask.NAME, 1, "2 + 3", "Compute 2 + 3.\n",
            "5", Map.of("expression", "2 + 3"));
    private static final CompositeReward REWARD = new CompositeReward(RewardWeights.defaults());
    private static final String LONG = "<think>I will use calc</think><calc>2+3</calc>ok <answer>5</answer>";
    private static final String SHORT = "<answer>5</answer>";

    @Test
    void budgetPausesAGroupAndLaterCallsFinishItWithTheSameTokensAndNewPolicySegments() {
        ArithmeticTask task = new ArithmeticTask();
        List<String> scripts = List.of(LONG, SHORT);
        List<Trajectory> whole = new RolloutEngine(new FakePolicy(TOK, scripts, 1024), RolloutConfig.defaults(), REWARD)
                .rollout(task, List.of(ADD), 2, SamplingParams.greedy(), new RolloutContext("test", 1));

        int budget = 5;
        RolloutEngine engine = new RolloutEngine(new FakePolicy(TOK, scripts, 1024, true), RolloutConfig.defaults(),
                REWARD);
        RolloutEngine.PartialRollout first = engine.rollout(task, List.of(ADD), 2, SamplingParams.greedy(),
                new RolloutContext("test", 1, 0), List.of(), budget);
        assertTrue(first.finished().isEmpty(), "the long episode cannot end within 5 tokens, so its group waits");
        assertEquals(1, first.pending().size());
        int[] afterFirst = first.pending().get(0).responseLengths();
        assertEquals(budget, afterFirst[0], "the long episode stopped at the budget");
        assertEquals(TOK.encode(SHORT).length, afterFirst[1], "the short one ended on </answer>");

        List<RolloutEngine.PendingGroup> carried = first.pending();
        List<Trajectory> done = new ArrayList<>();
        int version = 1;
        while (!carried.isEmpty()) {
            int[] before = carried.get(0).responseLengths();
            RolloutEngine.PartialRollout next = engine.rollout(task, List.of(), 2, SamplingParams.greedy(),
                    new RolloutContext("test", version + 1, version), carried, budget);
            done.addAll(next.finished());
            carried = next.pending();
            if (!carried.isEmpty()) {
                int added = carried.get(0).responseLengths()[0] - before[0];
                assertTrue(added >= budget, "each call writes up to the budget (a tool response may add more): " + added);
            }
            version++;
            assertTrue(version < 20, "partial rollout never finished");
        }
        assertEquals(2, done.size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(whole.get(i).tokens().tokenIds(), done.get(i).tokens().tokenIds());
            assertEquals(Arrays.asList(whole.get(i).tokens().roles()), Arrays.asList(done.get(i).tokens().roles()));
            assertEquals(whole.get(i).reward(), done.get(i).reward(), 1e-9);
            assertEquals(whole.get(i).finishReason(), done.get(i).finishReason());
        }
        int prompt = whole.get(0).promptLength();
        List<PolicySegment> longSegments = done.get(0).policySegments();
        assertTrue(longSegments.size() >= 3, "written over several calls: " + longSegments);
        assertEquals(new PolicySegment(prompt, 0), longSegments.get(0));
        assertEquals(new PolicySegment(prompt + budget, 1), longSegments.get(1));
        for (int k = 1; k < longSegments.size(); k++) {
            assertEquals(k, longSegments.get(k).policyVersion());
            assertTrue(longSegments.get(k).startToken() > longSegments.get(k - 1).startToken());
        }
        assertEquals(List.of(new PolicySegment(prompt, 0)), done.get(1).policySegments(),
                "the short episode was written by version 0 only");
    }
}
