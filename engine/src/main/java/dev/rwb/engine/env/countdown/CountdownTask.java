package dev.rwb.engine.env.countdown;

import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.Split;
import dev.rwb.engine.env.Task;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.Tool;
import dev.rwb.engine.env.reward.Verdict;
import dev.rwb.engine.env.calc.CalcTool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Countdown (TinyZero): combine the given numbers with + − × ÷, each at most once, to reach the
 * target. Level L gives L+2 numbers. Every instance is built from a known solution that uses all
 * numbers, so it is solvable; that solution is the ground truth (any equation reaching the target scores). The {@code <calc>} tool is offered for checking candidates.
 */
public final class CountdownTask implements Task {
    public static final String NAME = "countdown";
    private static final int MAX_LEVEL = 4;
    private static final int MAX_NUMBER = 50;
    private static final int MAX_TARGET = 999;

    private final CountdownVerifier verifier = new CountdownVerifier();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int maxLevel() {
        return MAX_LEVEL;
    }

    /** How many numbers an instance of a level has. */
    public static int numberCount(int level) {
        return level + 2;
    }

    @Override
    public List<TaskInstance> generate(long seed, int n, int level, Split split) {
        checkLevel(level);
        Random rng = new Random(seed * 7_368_787L + level);
        Set<String> seen = new HashSet<>();
        List<TaskInstance> out = new ArrayList<>();
        int attempts = 0;
        while (out.size() < n) {
            if (++attempts > 500 * n + 1000) {
                throw new IllegalStateException("could not generate " + n + " countdown problems at level " + level);
            }
            int[] numbers = new int[numberCount(level)];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = 1 + rng.nextInt(MAX_NUMBER);
            }
            Solution solution = solve(numbers, rng);
            if (solution == null) {
                continue;
            }
            int[] sorted = numbers.clone();
            Arrays.sort(sorted);
            String key = "L" + level + ":" + Arrays.toString(sorted) + "->" + solution.value;
            if (!split.contains(key) || !seen.add(key)) {
                continue;
            }
            String list = Arrays.stream(numbers).mapToObj(Integer::toString).collect(Collectors.joining(", "));
            String prompt = "Using the numbers [" + list + "], make an equation that equals " + solution.value
                    + ". Use + - * / and each number at most once. You may use <calc>expression</calc>."
                    + " Give the equation as <answer>equation</answer>.\n";
            out.add(TaskInstance.of(NAME, level, key, prompt, solution.equation,
                    Map.of("numbers", list, "target", Integer.toString(solution.value), "solution", solution.equation)));
        }
        return out;
    }

    private record Solution(String equation, int value) {
    }

    /** Folds the numbers left to right with random valid operations; null if the target falls outside 1..999. */
    private static Solution solve(int[] numbers, Random rng) {
        int value = numbers[0];
        String expr = Integer.toString(numbers[0]);
        for (int i = 1; i < numbers.length; i++) {
            int x = numbers[i];
            List<Character> ops = new ArrayList<>(List.of('+'));
            if (value - x > 0) {
                ops.add('-');
            }
            if ((long) value * x <= MAX_TARGET) {
                ops.add('*');
            }
            if (x > 1 && value % x == 0) {
                ops.add('/');
            }
            char op = ops.get(rng.nextInt(ops.size()));
            value = switch (op) {
                case '+' -> value + x;
                case '-' -> value - x;
                case '*' -> value * x;
                default -> value / x;
            };
            String left = i == 1 ? expr : "(" + expr + ")";
            expr = ((op == '*' || op == '/') ? left : expr) + " " + op + " " + x;
        }
        return value >= 1 && value <= MAX_TARGET ? new Solution(expr, value) : null;
    }

    @Override
    public List<Tool> toolsFor(TaskInstance instance) {
        return List.of(new CalcTool());
    }

    @Override
    public Verdict verify(TaskInstance instance, String finalAnswer) {
        return verifier.verify(instance, finalAnswer);
    }

    @Override
    public Oracle oracle() {
        return new CountdownOracle();
    }
}
