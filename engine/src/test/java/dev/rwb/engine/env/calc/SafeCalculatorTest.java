package dev.rwb.engine.env.calc;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeCalculatorTest {
    private final SafeCalculator calc = new SafeCalculator();

    @Test
    void evaluatesWithPrecedenceParenthesesAndDecimals() throws CalcException {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("1+2*3", "7"), Map.entry("(1+2)*3", "9"), Map.entry("2 × 3 ÷ 4", "1.5"),
                Map.entry("10 − 4 − 3", "3"), Map.entry("-3*-2", "6"), Map.entry("1/3", "0.3333333333"),
                Map.entry("0.1+0.2", "0.3"), Map.entry("4821 * 937", "4517277"), Map.entry("100/4", "25"),
                Map.entry("-(2+3)", "-5"), Map.entry("2.50*2", "5"), Map.entry("123456789*987654321", "121932631112635269"),
                Map.entry("((((7))))", "7"), Map.entry("8 / 2 / 2", "2"), Map.entry("5 - -5", "10"));
        for (var e : cases.entrySet()) {
            assertEquals(e.getValue(), SafeCalculator.format(calc.evaluate(e.getKey()).value()), e.getKey());
        }
    }

    @Test
    void recordsLiteralsInOrder() throws CalcException {
        assertEquals(List.of(new BigDecimal("8"), new BigDecimal("4"), new BigDecimal("3")),
                calc.evaluate("(8-4)*3").literals());
    }

    @Test
    void rejectsWithMessages() {
        assertEquals("division by zero", assertThrows(CalcException.class, () -> calc.evaluate("1/(2-2)")).getMessage());
        assertTrue(assertThrows(CalcException.class, () -> calc.evaluate("9".repeat(20) + "*" + "9".repeat(20)))
                .getMessage().startsWith("overflow"));
        assertThrows(CalcException.class, () -> calc.evaluate("Runtime.exec(\"rm\")"));
        assertThrows(CalcException.class, () -> calc.evaluate("2**3"));
    }

    @Test
    void toolWrapsResultsAndErrors() {
        CalcTool tool = new CalcTool();
        assertEquals("<result>6</result>", tool.call(" 2*3 ").text());
        assertEquals("<result>error: division by zero</result>", tool.call("1/0").text());
        assertTrue(tool.call("1/0").error());
    }
}
