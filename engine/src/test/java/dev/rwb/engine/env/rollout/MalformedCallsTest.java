package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.kb.KbSearchTask;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.model.SamplingParams;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every malformed call gets an error observation and the episode goes on to answer: all cases of
 * one tool run as one batch through the real engine and tools.
 */
class MalformedCallsTest {
    private static final TaskTokenizer TOK = TaskTokenizer.fromCorpus(List.of("search calc"), 1);

    static final List<String> CALC = List.of(
            "<calc></calc>", "<calc>   </calc>", "</calc>", "<calc>1+<calc>2</calc>", "<think>x<calc>1+2</calc>",
            "<calc>1+2<think></think></calc>", "<calc>1/0</calc>", "<calc>10^5</calc>", "<calc>abc</calc>",
            "<calc>1++</calc>", "<calc>(1+2</calc>", "<calc>1+2)</calc>", "<calc>1..2</calc>",
            "<calc>99999999999999999999*99999999999999999999</calc>", "<calc>" + "1".repeat(25) + "</calc>",
            "<calc>" + "(".repeat(30) + "1" + ")".repeat(30) + "</calc>", "<calc>" + "1+".repeat(150) + "1</calc>",
            "<calc>1,000+2</calc>", "<calc>2 3</calc>", "<calc>.5</calc>", "<calc>5.</calc>", "<calc>*3</calc>",
            "<calc>3 = 3</calc>", "<calc>1e5</calc>", "<calc>(8-8)/(2-2)</calc>");

    static final List<String> SEARCH = List.of(
            "<search></search>", "<search>  </search>", "</search>", "<search>a <search>b</search>",
            "<think>q<search>Alice</search>", "<search>x<answer></search>", "<search>!!!</search>",
            "<search>the of in</search>", "<search>" + "x".repeat(130) + "</search>",
            "<search>a b c d e f g h i j k l m n o p q r</search>", "<search>???</search>", "<search>-- --</search>",
            "<search><information>x</information></search>", "<search>who is where</search>",
            "<search>\u00e9\u00e9\u00e9</search>", "<search>...</search>", "<search>((()))</search>",
            "<search>*:*</search>", "<search>\n\t</search>", "<search>a" + " ".repeat(150) + "b</search>",
            "<search>.,;:</search>", "<search><think></think></search>");

    @Test
    void calcMalformedCallsGiveErrorObservations() {
        ArithmeticTask task = new ArithmeticTask();
        TaskInstance instance = task.generate(1, 1, 1, Split.TRAIN).get(0);
        assertAllErrors(task, instance, CALC, "<result>error: ");
    }

    @Test
    void searchMalformedCallsGiveErrorObservations() {
        KbSearchTask task = new KbSearchTask();
        TaskInstance instance = task.generate(1, 1, 1, Split.TRAIN).get(0);
        assertAllErrors(task, instance, SEARCH, "<information>error: ");
    }

    private static void assertAllErrors(Task task, TaskInstance instance, List<String> calls, String errorPrefix) {
        assertTrue(calls.size() >= 20);
        List<String> scripts = new ArrayList<>();
        for (String call : calls) {
            scripts.add(call + "<answer>x</answer>");
        }
        FakePolicy policy = new FakePolicy(TOK, scripts, 4096);
        List<Trajectory> ts = new RolloutEngine(policy, RolloutConfig.defaults(),
                new CompositeReward(RewardWeights.defaults()))
                .rollout(task, List.of(instance), scripts.size(), SamplingParams.greedy(), new RolloutContext("t", 0));
        for (int i = 0; i < calls.size(); i++) {
            Trajectory t = ts.get(i);
            String label = "case " + i + " " + calls.get(i).replace("\n", "\\n");
            assertEquals(FinishReason.STOP, t.finishReason(), label);
            assertEquals(1, t.numToolCalls(), label);
            assertEquals(1, policy.appended.get(i).size(), label);
            String observation = FakePolicy.all(TOK, policy.appended.get(i));
            assertTrue(observation.startsWith(errorPrefix), label + " got " + observation);
            assertEquals("x", t.finalAnswer(), label);
            assertEquals(Map.of(Role.TOOL_RESPONSE, policy.appended.get(i).get(0).length), countResponses(t), label);
        }
    }

    private static Map<Role, Integer> countResponses(Trajectory t) {
        int n = 0;
        for (Role r : t.tokens().roles()) {
            if (r == Role.TOOL_RESPONSE) {
                n++;
            }
        }
        return Map.of(Role.TOOL_RESPONSE, n);
    }
}
