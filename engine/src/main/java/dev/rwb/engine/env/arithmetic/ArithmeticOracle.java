package dev.rwb.engine.env.arithmetic;

import dev.rwb.engine.env.Mistakes;
import dev.rwb.engine.env.Oracle;
import dev.rwb.engine.env.Slips;
import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.calc.CalcException;
import dev.rwb.engine.env.calc.SafeCalculator;

import java.util.List;
import java.util.Random;

/**
 * Demonstrations for arithmetic: call the calculator, then answer. Noise picks one mistake:
 * answer without the tool (a guess that is off by one digit), mistype an operand in the call and
 * trust the result, or copy the correct result with a slipped digit.
 */
final class ArithmeticOracle implements Oracle {
    private final SafeCalculator calculator;

    ArithmeticOracle(SafeCalculator calculator) {
        this.calculator = calculator;
    }

    @Override
    public List<String> demonstrate(TaskInstance instance, double noise, Mistakes mistakes, Random rng) {
        String expression = instance.attribute("expression");
        String truth = instance.groundTruth();
        String think = "<think>This needs the calculator.</think>";
        String call = "<calc>" + expression + "</calc>";
        if (rng.nextDouble() >= noise) {
            return List.of(think + call, "<answer>" + truth + "</answer>");
        }
        switch (mistakes == Mistakes.GUESS ? 0 : rng.nextInt(3)) {
            case 0:
                return List.of("<think>I can do this in my head.</think><answer>"
                        + Slips.changeOneDigit(truth, rng) + "</answer>");
            case 1:
                String typo = Slips.changeOneDigit(expression, rng);
                return List.of(think + "<calc>" + typo + "</calc>", "<answer>" + evaluate(typo) + "</answer>");
            default:
                return List.of(think + call, "<answer>" + Slips.changeOneDigit(truth, rng) + "</answer>");
        }
    }

    private String evaluate(String expression) {
        try {
            return SafeCalculator.format(calculator.evaluate(expression).value());
        } catch (CalcException e) {
            return "0";
        }
    }
}
