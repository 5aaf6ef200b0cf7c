package dev.rwb.engine.env.calc;

import dev.rwb.engine.env.Observation;
import dev.rwb.engine.env.Tool;

/** The {@code <calc>} tool: evaluates with {@link SafeCalculator}, answers {@code <result>…</result>}. */
public final class CalcTool implements Tool {
    public static final String OPEN = "<result>";
    public static final String CLOSE = "</result>";

    private final SafeCalculator calculator = new SafeCalculator();

    @Override
    public String name() {
        return "calc";
    }

    @Override
    public Observation call(String argument) {
        try {
            return Observation.ok(OPEN, SafeCalculator.format(calculator.evaluate(argument.strip()).value()), CLOSE);
        } catch (CalcException e) {
            return errorObservation(e.getMessage());
        }
    }

    @Override
    public Observation errorObservation(String message) {
        return Observation.error(OPEN, message, CLOSE);
    }
}
