package dev.rwb.engine.env.rollout;

import dev.rwb.engine.env.Mistakes;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.catalog.TaskCorpus;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.arithmetic.ArithmeticTask;
import dev.rwb.engine.env.countdown.CountdownTask;
import dev.rwb.engine.env.kb.KbSearchTask;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.model.TaskTokenizer;
import dev.rwb.engine.trajectory.FinishReason;
import dev.rwb.engine.trajectory.Role;
import dev.rwb.engine.trajectory.Trajectory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OracleDemonstrationsTest {
    private static final List<Task> TASKS = List.of(new KbSearchTask(), new ArithmeticTask(), new CountdownTask());
    private static final TaskTokenizer TOK = TaskCorpus.tokenizer(TASKS, 0, 3);
    private static final OracleDemonstrations DEMOS = new OracleDemonstrations(TOK,
            RolloutConfig.defaults().withMaxResponseTokens(1000), new CompositeReward(RewardWeights.defaults()), 4096);

    @Test
    void cleanDemonstrationsAreCorrectAtEveryLevel() {
        for (Task task : TASKS) {
            for (int level = 1; level <= task.maxLevel(); level++) {
                List<TaskInstance> instances = task.generate(11, 4, level, Split.TRAIN);
                for (Trajectory t : DEMOS.demonstrate(task, instances, 0.0, 5, "sft")) {
                    String where = task.name() + " L" + level + ": " + t.tokens().text();
                    assertTrue(t.correct(), where);
                    assertEquals(1.1, t.reward(), 1e-9, where);
                    assertEquals(FinishReason.STOP, t.finishReason(), where);
                    assertTrue(t.numToolCalls() >= 1, where);
                    assertTrue(t.tokens().text().contains("error") == false, where);
                    for (int i = 0; i < t.tokens().length(); i++) {
                        assertTrue(Float.isNaN(t.tokens().logprobs()[i]));
                    }
                    assertTrue(List.of(t.tokens().roles()).containsAll(List.of(Role.PROMPT, Role.REASONING,
                            Role.TOOL_CALL, Role.TOOL_RESPONSE, Role.ANSWER)), where);
                }
            }
        }
    }

    @Test
    void kbDemonstrationsSearchOncePerHopAndSeeTheAnswerInTheObservations() {
        KbSearchTask kb = (KbSearchTask) TASKS.get(0);
        for (Trajectory t : DEMOS.demonstrate(kb, kb.generate(2, 6, 3, Split.TRAIN), 0.0, 1, "sft")) {
            assertEquals(3, t.numToolCalls());
            StringBuilder observed = new StringBuilder();
            for (int i = 0; i < t.tokens().length(); i++) {
                if (t.tokens().roles()[i] == Role.TOOL_RESPONSE) {
                    observed.append(t.tokens().tokenText()[i]);
                }
            }
            assertTrue(observed.toString().contains(t.groundTruth()), "the true tool output holds the answer");
        }
    }

    @Test
    void noiseMakesMistakesAndIsReproducible() {
        for (Task task : TASKS) {
            List<TaskInstance> instances = task.generate(3, 20, 2, Split.TRAIN);
            List<Trajectory> noisy = DEMOS.demonstrate(task, instances, 1.0, 9, "sft");
            long wrong = noisy.stream().filter(t -> !t.correct()).count();
            assertTrue(wrong >= 8, task.name() + ": only " + wrong + " of 20 noisy demonstrations were wrong");
            assertEquals(OracleDemonstrations.scripts(task, instances, 1.0, 9),
                    OracleDemonstrations.scripts(task, instances, 1.0, 9));
        }
    }

    @Test
    void kbSearchesAndAnswersCopyTokensTheModelHasAlreadySeen() {
        // The tokenizer tells " Greta" from "Greta": a query or answer written with other tokens than the
        // question and the results use would have to be translated, not copied (what a small model learns).
        KbSearchTask kb = (KbSearchTask) TASKS.get(0);
        for (Trajectory t : DEMOS.demonstrate(kb, kb.generate(4, 12, 2, Split.TRAIN), 0.0, 1, "sft")) {
            String[] text = t.tokens().tokenText();
            Role[] roles = t.tokens().roles();
            for (int i = 1; i < text.length; i++) {
                boolean copied = roles[i] == Role.TOOL_CALL && !text[i].startsWith("<")
                        || roles[i] == Role.ANSWER && !text[i].startsWith("<");
                if (!copied) {
                    continue;
                }
                int at = i;
                boolean seenBefore = java.util.stream.IntStream.range(0, i)
                        .anyMatch(j -> roles[j] != Role.TOOL_CALL && roles[j] != Role.ANSWER && text[j].equals(text[at]));
                assertTrue(seenBefore, "token '" + text[i] + "' of the call or answer never appeared before: "
                        + t.tokens().text());
            }
        }
    }

    @Test
    void guessMistakesAnswerWithoutTheTool() {
        for (Task task : TASKS) {
            List<TaskInstance> instances = task.generate(3, 20, 1, Split.TRAIN);
            for (Trajectory t : DEMOS.demonstrate(task, instances, 1.0, Mistakes.GUESS, 9, "sft")) {
                assertEquals(0, t.numToolCalls(), task.name() + ": " + t.tokens().text());
            }
        }
    }
}
