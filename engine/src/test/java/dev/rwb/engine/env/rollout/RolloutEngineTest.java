package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.reward.Verdict;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolloutEngineTest {
    private static final TaskTokenizer TOK = TaskTokenizer.fromCorpus(List.of("Compute I will use calc ok"), 1);
    private static final TaskInstance ADD = TaskInstance.of(ArithmeticTask.NAME, 1, "2 + 3", "Compute 2 + 3.\n",
            "5", Map.of("expression", "2 + 3"));
    private static final RolloutConfig CONFIG = RolloutConfig.defaults();
    private static final CompositeReward REWARD = new CompositeReward(RewardWeights.defaults());

    private static List<Trajectory> run(List<String> scripts, RolloutConfig config, Task task, TaskInstance instance) {
        FakePolicy policy = new FakePolicy(TOK, scripts, 1024);
        return new RolloutEngine(policy, config, REWARD).rollout(task, List.of(instance), scripts.size(),
                SamplingParams.greedy(), new RolloutContext("test", 3));
    }

    /** Expected tokens: (text, role, turn) stretches, encoded with the same tokenizer. */
    private record Stretch(String text, Role role, int turn) {
    }

    @Test
    void everyTokenGetsItsExactRoleAndTurn() {
        String script = "<think>I will use calc</think><calc>2+3</calc>ok <answer>5</answer>";
        Trajectory t = run(List.of(script), CONFIG, new ArithmeticTask(), ADD).get(0);

        List<Stretch> expected = List.of(
                new Stretch("<bos>", Role.PROMPT, 0),
                new Stretch("Compute 2 + 3.\n", Role.PROMPT, 0),
                new Stretch("<think>I will use calc</think>", Role.REASONING, 1),
                new Stretch("<calc>2+3</calc>", Role.TOOL_CALL, 1),
                new Stretch("<result>5</result>", Role.TOOL_RESPONSE, 1),
                new Stretch("ok ", Role.OTHER_MODEL, 2),
                new Stretch("<answer>5</answer>", Role.ANSWER, 2));
        List<Integer> ids = new ArrayList<>();
        List<Role> roles = new ArrayList<>();
        List<Integer> turns = new ArrayList<>();
        for (Stretch s : expected) {
            int[] enc = s.text.equals("<bos>") ? new int[] {TOK.bosId()} : TOK.encode(s.text);
            for (int id : enc) {
                ids.add(id);
                roles.add(s.role);
                turns.add(s.turn);
            }
        }
        TokenArrays a = t.tokens();
        assertEquals(ids, box(a.tokenIds()));
        assertEquals(roles, List.of(a.roles()));
        assertEquals(turns, box(a.turns()));

        // Model tokens carry the sampler's values in order; prompt and observation tokens carry NaN.
        int modelIndex = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.roles()[i].isModelWritten()) {
                modelIndex++;
                assertEquals(-modelIndex / 100f, a.logprobs()[i], 1e-7, "logprob at " + i);
                assertEquals(modelIndex / 10f, a.entropies()[i], 1e-6, "entropy at " + i);
                assertEquals(1f, a.lossWeights()[i]);
            } else {
                assertTrue(Float.isNaN(a.logprobs()[i]) && Float.isNaN(a.entropies()[i]), "NaN expected at " + i);
                assertEquals(0f, a.lossWeights()[i]);
            }
        }
        assertEquals(FinishReason.STOP, t.finishReason());
        assertEquals(1, t.numToolCalls());
        assertEquals("5", t.finalAnswer());
        assertTrue(t.correct());
        assertEquals(1.1, t.reward(), 1e-9);
        assertEquals(Map.of("correctness", 1.0, "format", 0.1), t.rewardComponents());
        assertEquals("arithmetic", t.task());
        assertEquals("5", t.groundTruth());
        assertEquals(ADD.id(), t.promptId());
        assertEquals(3, t.step());
        assertEquals(TOK.encode("Compute 2 + 3.\n").length + 1, t.promptLength());
    }

    @Test
    void batchedEpisodesStopIndependentlyAndWait() {
        List<String> scripts = List.of(
                "<answer>5</answer>",
                "<calc>1+1</calc><calc>2*2</calc><answer>4</answer>",
                "ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok");
        FakePolicy policy = new FakePolicy(TOK, scripts, 1024);
        RolloutConfig config = CONFIG.withMaxResponseTokens(30);
        List<Trajectory> ts = new RolloutEngine(policy, config, REWARD).rollout(new ArithmeticTask(),
                List.of(ADD), 3, SamplingParams.greedy(), new RolloutContext("test", 0));

        assertEquals(FinishReason.STOP, ts.get(0).finishReason());
        assertEquals(0, ts.get(0).numToolCalls());
        assertTrue(ts.get(0).correct());
        assertEquals(FinishReason.STOP, ts.get(1).finishReason());
        assertEquals(2, ts.get(1).numToolCalls());
        assertFalse(ts.get(1).correct());
        assertEquals("<result>2</result><result>4</result>", FakePolicy.all(TOK, policy.appended.get(1)));
        assertEquals(FinishReason.LENGTH, ts.get(2).finishReason());
        assertEquals(30, ts.get(2).responseLength());
        assertNull(ts.get(2).finalAnswer());
        assertTrue(policy.appended.get(0).isEmpty());
        // Group bookkeeping: one group, sample indices in order.
        assertEquals(List.of(0, 1, 2), ts.stream().map(Trajectory::sampleIndex).toList());
        assertEquals(1, ts.stream().map(Trajectory::groupId).distinct().count());
        // The stopped episode's sequence length did not grow after it answered.
        assertEquals(ts.get(0).promptLength() + TOK.encode("<answer>5</answer>").length, ts.get(0).tokens().length());
    }

    @Test
    void oneBatchBudgetIsTheSmallestLeftAndUnstoppedEpisodesContinue() {
        TaskInstance longPrompt = TaskInstance.of(ArithmeticTask.NAME, 1, "1 + 1",
                "Compute 1 + 1 and 1 + 1 and 1 + 1 and 1 + 1 and 1 + 1 then stop.\n", "2", Map.of("expression", "1 + 1"));
        String longAnswer = "ok ".repeat(25) + "<answer>5</answer>";
        FakePolicy policy = new FakePolicy(TOK, List.of(longAnswer, "<answer>2</answer>"), 80);
        List<Trajectory> ts = new RolloutEngine(policy, CONFIG, REWARD).rollout(new ArithmeticTask(),
                List.of(ADD, longPrompt), 1, SamplingParams.greedy(), new RolloutContext("test", 0));
        int leftShort = 80 - ts.get(0).promptLength();
        int leftLong = 80 - ts.get(1).promptLength();
        assertTrue(leftLong < TOK.encode(longAnswer).length, "test premise: the long prompt leaves less room");
        // First call: budget of the fuller sequence; episode 0 is cut mid-text and simply continues.
        assertEquals(List.of(leftLong, leftShort - leftLong), policy.budgets);
        assertEquals(FinishReason.STOP, ts.get(0).finishReason());
        assertEquals("5", ts.get(0).finalAnswer());
        assertTrue(ts.get(0).tokens().text().endsWith(longAnswer));
        assertEquals(FinishReason.STOP, ts.get(1).finishReason());
        assertTrue(ts.get(1).correct());
        assertFalse(ts.get(0).groupId().equals(ts.get(1).groupId()));
    }

    @Test
    void callBeyondMaxTurnsEndsTheEpisode() {
        String script = "<calc>1+1</calc><calc>2+2</calc><answer>4</answer>";
        Trajectory t = run(List.of(script), CONFIG.withMaxTurns(1), new ArithmeticTask(), ADD).get(0);
        assertEquals(FinishReason.MAX_TURNS, t.finishReason());
        assertEquals(1, t.numToolCalls());
        assertTrue(t.tokens().text().endsWith("<result>2</result><calc>2+2</calc>"));
        assertEquals(0.0, t.reward());
    }

    @Test
    void contextLengthLimitsTheEpisode() {
        FakePolicy policy = new FakePolicy(TOK, List.of("ok ok ok ok ok ok ok ok ok ok ok ok"), 20);
        Trajectory t = new RolloutEngine(policy, CONFIG, REWARD).rollout(new ArithmeticTask(), List.of(ADD), 1,
                SamplingParams.greedy(), new RolloutContext("test", 0)).get(0);
        assertEquals(FinishReason.LENGTH, t.finishReason());
        assertEquals(20, t.tokens().length());
    }

    @Test
    void slowToolIsCutOffAsToolError() {
        Task slow = new SlowCalcTask();
        long t0 = System.nanoTime();
        Trajectory t = run(List.of("<calc>1+1</calc><answer>2</answer>"),
                CONFIG.withToolTimeout(Duration.ofMillis(100)), slow, ADD).get(0);
        assertTrue((System.nanoTime() - t0) / 1e9 < 3, "the engine waited for the slow tool");
        assertEquals(FinishReason.TOOL_ERROR, t.finishReason());
        assertEquals(1, t.numToolCalls());
    }

    private static List<Integer> box(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int v : a) {
            out.add(v);
        }
        return out;
    }

    /** Arithmetic with a calculator that takes ten seconds. */
    private static final class SlowCalcTask implements Task {
        private final ArithmeticTask inner = new ArithmeticTask();

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public int maxLevel() {
            return 1;
        }

        @Override
        public List<TaskInstance> generate(long seed, int n, int level, Split split) {
            return inner.generate(seed, n, level, split);
        }

        @Override
        public List<Tool> toolsFor(TaskInstance instance) {
            return List.of(new Tool() {
                @Override
                public String name() {
                    return "calc";
                }

                @Override
                public Observation call(String argument) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Observation("<result>2</result>", false);
                }

                @Override
                public Observation errorObservation(String message) {
                    return Observation.error("<result>", message, "</result>");
                }
            });
        }

        @Override
        public Verdict verify(TaskInstance instance, String finalAnswer) {
            return inner.verify(instance, finalAnswer);
        }

        @Override
        public Oracle oracle() {
            return inner.oracle();
        }
    }
}
