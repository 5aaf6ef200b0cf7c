package dev.rwb.engine.env;

import dev.rwb.engine.env.catalog.Tasks;
import dev.rwb.engine.env.reward.CompositeReward;
import dev.rwb.engine.env.reward.RewardWeights;
import dev.rwb.engine.env.reward.Verdict;
import dev.rwb.engine.env.rollout.AnswerExtractor;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A property test (issue 17): whatever text the model writes, no task's tool, verifier or reward
 * throws. Random byte strings (decoded as UTF-8, so broken sequences become U+FFFD), random
 * printable text near each task's syntax, and a fixed list of adversarial answers (huge integers,
 * deep nesting, unicode, empty) go through every task at every level.
 */
class ModelTextCannotCrashTest {
    /** Inputs that broke or could break a parser: overflow, nesting, unicode, empty, separators. */
    static final List<String> ADVERSARIAL = List.of(
            "", " ", "\n\t", "99999999999", "-99999999999", "2147483648", "-2147483649", "1" + "0".repeat(19),
            "9".repeat(400), "99999999999*99999999999", "99999999999 - 99999999988 + 13", "1e308", "1e-400",
            "NaN", "Infinity", "-0", "0.0000000000000000000001", "1/3", "8/0", "0/0", "(" .repeat(5000) + "1",
            "1" + ")".repeat(5000), "((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))", "1+".repeat(3000) + "1",
            "\ud800", "\udfff\ud800", "𝟘𝟙𝟚", "٣ + ٤", "１２", "Ⅻ", "½", "\u0000", "\u202e42", "é".repeat(1000),
            "<answer>1</answer>", "</answer>", "<calc>1</calc>", "<search>x</search>", "=", "==", "1=2=3",
            "= 24", "24 =", ",,,", "1,2,3", "3, 4, 8, 1", "x".repeat(100_000));

    @Test
    void everyToolAndVerifierSurvivesAdversarialText() {
        Random rnd = new Random(17);
        List<String> inputs = new ArrayList<>(ADVERSARIAL);
        for (int i = 0; i < 150; i++) {
            inputs.add(randomBytes(rnd));
            inputs.add(randomNearSyntax(rnd));
        }
        CompositeReward reward = new CompositeReward(RewardWeights.defaults());
        int checked = 0;
        for (String name : Tasks.NAMES) {
            Task task = Tasks.byName(name);
            for (int level = 1; level <= task.maxLevel(); level++) {
                TaskInstance instance = task.generate(7, 1, level, Split.TRAIN).get(0);
                for (String text : inputs) {
                    String label = name + " level " + level + " input " + preview(text);
                    Verdict v = assertDoesNotThrow(() -> task.verify(instance, text), label);
                    assertNotNull(v, label);
                    assertTrue(Double.isFinite(v.score()), label);
                    assertDoesNotThrow(() -> task.verify(instance, AnswerExtractor.extract("<answer>" + text + "</answer>")),
                            label);
                    assertDoesNotThrow(() -> reward.scoreGroup(List.of(
                            new CompositeReward.Response(v, text, text.length()))), label);
                    for (Tool tool : task.toolsFor(instance)) {
                        Observation o = assertDoesNotThrow(() -> tool.call(text), tool.name() + " " + label);
                        assertNotNull(o, label);
                        assertNotNull(o.text(), label);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 1000, "the property ran on many inputs: " + checked);
    }

    @Test
    void countdownTreatsAnAnswerTooLargeForAnIntAsAWrongEquation() {
        Task task = Tasks.byName("countdown");
        TaskInstance instance = task.generate(1, 1, 1, Split.TRAIN).get(0);
        Verdict v = task.verify(instance, "99999999999");
        assertFalse(v.correct());
        assertEquals(0.1, v.score(), 1e-12, "a parsable equation with a number outside the pool scores 0.1");
    }

    private static String randomBytes(Random rnd) {
        byte[] b = new byte[rnd.nextInt(300)];
        rnd.nextBytes(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static String randomNearSyntax(Random rnd) {
        String alphabet = "0123456789+-*/()., =×÷−<>answercalcsearch\u00e9\ud83d\ude00";
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(250);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String preview(String s) {
        String p = s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + " chars)" : s;
        return "'" + p.replace("\n", "\\n") + "'";
    }
}
