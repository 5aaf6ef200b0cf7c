package dev.rwb.engine.env.arithmetic;

import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.calc.CalcException;
import dev.rwb.engine.env.calc.CalcTool;
import dev.rwb.engine.env.calc.SafeCalculator;
import dev.rwb.engine.env.reward.Verdict;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Multi-digit arithmetic with a {@code <calc>} tool. Level L uses operands of L+1 digits
 * (level 1: two digits … level 5: six digits); from level 3 on, a third operand is added, so the
 * model also has to respect operator precedence. Division always comes out exact.
 */
public final class ArithmeticTask implements Task {
    public static final String NAME = "arithmetic";
    private static final int MAX_LEVEL = 5;
    private static final char[] OPS = {'+', '-', '*', '/'};

    private final SafeCalculator calculator = new SafeCalculator();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxLevel() {
        return MAX_LEVEL;
    }

    /** Digits per operand at a level. */
    public static int digits(int level) {
        return level + 1;
    }

    @Override
    public List<TaskInstance> generate(long seed, int n, int level, Split split) {
        checkLevel(level);
        Random rng = new Random(seed * 1_000_003L + level);
        Set<String> seen = new LinkedHashSet<>();
        List<TaskInstance> out = new ArrayList<>();
        int attempts = 0;
        while (out.size() < n) {
            if (++attempts > 200 * n + 1000) {
                throw new IllegalStateException("could not generate " + n + " distinct " + split.key()
                        + " arithmetic problems at level " + level);
            }
            String expression = randomExpression(rng, level);
            String key = "L" + level + ":" + expression;
            if (!split.contains(key) || !seen.add(key)) {
                continue;
            }
            String answer = SafeCalculator.format(evaluateOwn(expression));
            String prompt = "Compute " + expression + ". You may use <calc>expression</calc>."
                    + " Give the result as <answer>number</answer>.\n";
            out.add(TaskInstance.of(NAME, level, key, prompt, answer, Map.of("expression", expression)));
        }
        return out;
    }

    private String randomExpression(Random rng, int level) {
        int d = digits(level);
        BigInteger a = operand(rng, d);
        char op = OPS[rng.nextInt(OPS.length)];
        String first = binary(rng, a, op, d);
        if (level < 3) {
            return first;
        }
        char op2 = OPS[rng.nextInt(3)];
        return first + " " + op2 + " " + operand(rng, d - 1);
    }

    /** {@code a op b}, where for division a is replaced by b × quotient so the result is exact. */
    private static String binary(Random rng, BigInteger a, char op, int digits) {
        BigInteger b = operand(rng, op == '/' ? Math.max(1, digits - 1) : digits);
        if (op == '/') {
            BigInteger quotient = operand(rng, digits);
            return b.multiply(quotient) + " / " + b;
        }
        return a + " " + op + " " + b;
    }

    private static BigInteger operand(Random rng, int digits) {
        long low = (long) Math.pow(10, digits - 1);
        long high = (long) Math.pow(10, digits);
        return BigInteger.valueOf(low + (long) (rng.nextDouble() * (high - low)));
    }

    private BigDecimal evaluateOwn(String expression) {
        try {
            return calculator.evaluate(expression).value();
        } catch (CalcException e) {
            throw new IllegalStateException("generated an invalid expression " + expression + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Tool> toolsFor(TaskInstance instance) {
        return List.of(new CalcTool());
    }

    @Override
    public Verdict verify(TaskInstance instance, String finalAnswer) {
        return Verdict.exactMatch(finalAnswer, instance.groundTruth());
    }

    @Override
    public Oracle oracle() {
        return new ArithmeticOracle(calculator);
    }
}
