package dev.rwb.engine.env.countdown;

import dev.rwb.engine.env.TaskInstance;
import dev.rwb.engine.env.reward.Verdict;
import dev.rwb.engine.env.calc.CalcException;
import dev.rwb.engine.env.calc.SafeCalculator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * TinyZero's countdown score: 1 when the equation uses only the given numbers (each at most
 * once) and equals the target; 0.1 when an equation parses but breaks either rule; 0 when there
 * is no parsable equation. A trailing {@code = value} is allowed and ignored.
 */
public final class CountdownVerifier {
    public static final double FORMAT_SCORE = 0.1;

    private final SafeCalculator calculator = new SafeCalculator();

    public Verdict verify(TaskInstance instance, String answer) {
        if (answer == null || answer.isBlank()) {
            return Verdict.MISSING;
        }
        String equation = answer.contains("=") ? answer.substring(0, answer.indexOf('=')) : answer;
        SafeCalculator.Evaluation eval;
        try {
            eval = calculator.evaluate(equation.strip());
        } catch (CalcException e) {
            return Verdict.MISSING;
        }
        int target = Integer.parseInt(instance.attribute("target"));
        boolean right = usesAllowedNumbers(eval.literals(), parseNumbers(instance.attribute("numbers")))
                && eval.value().compareTo(BigDecimal.valueOf(target)) == 0;
        return right ? new Verdict(1, true, true) : new Verdict(FORMAT_SCORE, false, true);
    }

    static List<Integer> parseNumbers(String list) {
        List<Integer> out = new ArrayList<>();
        for (String s : list.split(",")) {
            out.add(Integer.parseInt(s.strip()));
        }
        return out;
    }

    /** Each literal must be an integer taken from the pool, which it then leaves. */
    private static boolean usesAllowedNumbers(List<BigDecimal> literals, List<Integer> numbers) {
        List<Integer> pool = new ArrayList<>(numbers);
        for (BigDecimal lit : literals) {
            BigDecimal stripped = lit.stripTrailingZeros();
            if (stripped.scale() > 0 || lit.scale() > 0) {
                return false;
            }
            // a literal too large for an int (the model may write 99999999999) is simply not in the pool
            BigInteger whole = stripped.toBigInteger();
            if (whole.bitLength() >= Integer.SIZE || !pool.remove(Integer.valueOf(whole.intValue()))) {
                return false;
            }
        }
        return !literals.isEmpty();
    }
}
