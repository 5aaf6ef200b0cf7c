package dev.rwb.engine.simulate;

import dev.rwb.engine.trajectory.FinishReason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** TinyZero countdown: reach the target using each given number exactly once; no tool, just search in thought. */
final class CountdownTask implements SampleTask {
    private static final String SYSTEM = "<bos>Reach the target using each number once; answer in <answer>.\n";
    private static final char[] OPS = {'+', '-', '*'};

    /** Numbers, target, and one solution built by folding the numbers left to right. */
    private record Problem(int[] numbers, int target, String solution, List<String> steps) {
    }

    private final long seed;

    CountdownTask(long seed) {
        this.seed = seed;
    }

    private Problem problem(int index) {
        Random r = new Random(seed * 17 + index);
        int k = 3 + index % 2;
        while (true) {
            int[] nums = new int[k];
            for (int i = 0; i < k; i++) {
                nums[i] = 1 + r.nextInt(i == 0 ? 99 : 25);
            }
            String expr = Integer.toString(nums[0]);
            long value = nums[0];
            List<String> steps = new ArrayList<>();
            for (int i = 1; i < k; i++) {
                char op = OPS[r.nextInt(OPS.length)];
                long next = op == '+' ? value + nums[i] : op == '-' ? value - nums[i] : value * nums[i];
                steps.add(" " + value + " " + op + " " + nums[i] + " = " + next + ".");
                expr = (i == 1 ? expr : "(" + expr + ")") + " " + op + " " + nums[i];
                value = next;
            }
            if (value > 0 && value < 1000) {
                return new Problem(nums, (int) value, expr, steps);
            }
        }
    }

    @Override
    public String name() {
        return "countdown";
    }

    @Override
    public String problemId(int index) {
        return String.format("cd-%04d", index);
    }

    @Override
    public String groundTruth(int index) {
        return Integer.toString(problem(index).target());
    }

    @Override
    public List<Outcome> failureModes() {
        return List.of(Outcome.WRONG, Outcome.WRONG, Outcome.GUESS, Outcome.OUT_OF_TOKENS, Outcome.COLLAPSE);
    }

    /** Correct when the equation evaluates to the target and uses exactly the given numbers. */
    @Override
    public boolean isCorrect(int index, String finalAnswer) {
        if (finalAnswer == null) {
            return false;
        }
        Problem p = problem(index);
        try {
            ExpressionEvaluator.Result r = ExpressionEvaluator.evaluate(finalAnswer.trim());
            int[] used = r.numbers().stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] given = p.numbers().clone();
            Arrays.sort(given);
            return Arrays.equals(used, given) && Math.abs(r.value() - p.target()) < 1e-6;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public EpisodeText write(int index, Outcome outcome, int verbosity, Random rnd) {
        Problem p = problem(index);
        EpisodeText e = new EpisodeText().system(SYSTEM)
                .prompt("Numbers: " + Arrays.toString(p.numbers()) + " Target: " + p.target() + "\n");
        StringBuilder tries = new StringBuilder();
        for (int i = 0; i < verbosity; i++) {
            int a = p.numbers()[rnd.nextInt(p.numbers().length)];
            int b = p.numbers()[rnd.nextInt(p.numbers().length)];
            tries.append(" Try ").append(a).append(" + ").append(b).append(" = ").append(a + b).append(", no.");
        }
        switch (outcome) {
            case CORRECT -> e.think(tries + String.join("", p.steps()) + " That works.", Tone.CONFIDENT)
                    .answer(p.solution(), Tone.CONFIDENT);
            case WRONG, GUESS -> {
                String wrong = p.solution().replaceFirst(" [-+*] ", outcome == Outcome.WRONG ? " + " : " * ");
                if (wrong.equals(p.solution())) {
                    wrong = p.solution() + " - 1";
                }
                if (outcome == Outcome.WRONG) {
                    e.think(tries + " Close enough, I think.", Tone.SHAKY);
                }
                e.answer(wrong, Tone.SHAKY);
            }
            case OUT_OF_TOKENS -> {
                StringBuilder ramble = new StringBuilder(tries);
                for (int i = 0; i < 70; i++) {
                    int a = p.numbers()[i % p.numbers().length];
                    ramble.append(" Try ").append(a).append(" * ").append(1 + i % 7).append(" = ")
                            .append(a * (1 + i % 7)).append(", no.");
                }
                return e.openThink(ramble.toString(), Tone.SHAKY).finish(FinishReason.LENGTH);
            }
            default -> {
                return e.openThink(" Try" + (" " + p.numbers()[0]).repeat(300), Tone.LOOP).finish(FinishReason.LENGTH);
            }
        }
        return e.other("<eos>", Tone.CONFIDENT);
    }
}
