package dev.rwb.engine.env.calc;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent evaluator for model-written arithmetic; it never hands text to a script
 * engine. Grammar:
 * <pre>
 *   expr   := term (('+' | '-' | '−') term)*
 *   term   := unary (('*' | '/' | '×' | '÷') unary)*
 *   unary  := ('-' | '−' | '+') unary | atom
 *   atom   := number | '(' expr ')'
 *   number := digits ('.' digits)?        (commas as thousands separators are rejected)
 * </pre>
 * Bounds keep a hostile input cheap: input length, nesting depth, literal digits and the magnitude
 * of every intermediate result. Division is exact when possible, else rounded to 20 significant digits.
 */
public final class SafeCalculator {
    public static final int MAX_INPUT_CHARS = 200;
    public static final int MAX_DEPTH = 20;
    public static final int MAX_LITERAL_DIGITS = 20;
    /** Any intermediate |value| at or above 10^30 is an overflow. */
    public static final BigDecimal MAX_MAGNITUDE = BigDecimal.TEN.pow(30);
    private static final MathContext DIVISION = new MathContext(20, RoundingMode.HALF_EVEN);

    /** The value of an expression and the number literals it used, in order. */
    public record Evaluation(BigDecimal value, List<BigDecimal> literals) {
    }

    /** Evaluates an expression or throws a {@link CalcException} whose message suits the model. */
    public Evaluation evaluate(String input) throws CalcException {
        if (input == null || input.isBlank()) {
            throw new CalcException("empty expression");
        }
        if (input.length() > MAX_INPUT_CHARS) {
            throw new CalcException("expression longer than " + MAX_INPUT_CHARS + " characters");
        }
        Parser p = new Parser(input);
        BigDecimal v = p.expr(0);
        p.skipSpaces();
        if (!p.atEnd()) {
            throw new CalcException("unexpected '" + p.peek() + "' at position " + (p.pos + 1));
        }
        return new Evaluation(v, List.copyOf(p.literals));
    }

    /** Formats a value the way the tool reports it: plain digits, no trailing zeros, at most 10 decimals. */
    public static String format(BigDecimal value) {
        BigDecimal v = value.scale() > 10 ? value.setScale(10, RoundingMode.HALF_EVEN) : value;
        v = v.stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    }

    private static final class Parser {
        private final String s;
        private int pos;
        private final List<BigDecimal> literals = new ArrayList<>();

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        BigDecimal expr(int depth) throws CalcException {
            BigDecimal v = term(depth);
            while (true) {
                skipSpaces();
                if (atEnd()) {
                    return v;
                }
                char c = peek();
                if (c == '+') {
                    pos++;
                    v = bounded(v.add(term(depth)));
                } else if (c == '-' || c == '−') {
                    pos++;
                    v = bounded(v.subtract(term(depth)));
                } else {
                    return v;
                }
            }
        }

        BigDecimal term(int depth) throws CalcException {
            BigDecimal v = unary(depth);
            while (true) {
                skipSpaces();
                if (atEnd()) {
                    return v;
                }
                char c = peek();
                if (c == '*' || c == '×') {
                    pos++;
                    v = bounded(v.multiply(unary(depth)));
                } else if (c == '/' || c == '÷') {
                    pos++;
                    v = bounded(divide(v, unary(depth)));
                } else {
                    return v;
                }
            }
        }

        BigDecimal unary(int depth) throws CalcException {
            if (depth > MAX_DEPTH) {
                throw new CalcException("nesting deeper than " + MAX_DEPTH);
            }
            skipSpaces();
            if (atEnd()) {
                throw new CalcException("expression ends where a number was expected");
            }
            char c = peek();
            if (c == '-' || c == '−') {
                pos++;
                return unary(depth + 1).negate();
            }
            if (c == '+') {
                pos++;
                return unary(depth + 1);
            }
            return atom(depth);
        }

        BigDecimal atom(int depth) throws CalcException {
            char c = peek();
            if (c == '(') {
                pos++;
                BigDecimal v = expr(depth + 1);
                skipSpaces();
                if (atEnd() || peek() != ')') {
                    throw new CalcException("missing ')'");
                }
                pos++;
                return v;
            }
            if (Character.isDigit(c) || c == '.') {
                return number();
            }
            throw new CalcException("unexpected '" + c + "' at position " + (pos + 1));
        }

        BigDecimal number() throws CalcException {
            int start = pos;
            int digits = 0;
            boolean dot = false;
            while (!atEnd() && (Character.isDigit(peek()) || peek() == '.')) {
                if (peek() == '.') {
                    if (dot) {
                        throw new CalcException("malformed number at position " + (start + 1));
                    }
                    dot = true;
                } else {
                    digits++;
                }
                pos++;
            }
            String lit = s.substring(start, pos);
            if (digits == 0 || lit.startsWith(".") || lit.endsWith(".")) {
                throw new CalcException("malformed number '" + lit + "'");
            }
            if (digits > MAX_LITERAL_DIGITS) {
                throw new CalcException("number with more than " + MAX_LITERAL_DIGITS + " digits");
            }
            if (!atEnd() && (peek() == ',' || Character.isLetter(peek()))) {
                throw new CalcException("unexpected '" + peek() + "' after number " + lit);
            }
            BigDecimal v = new BigDecimal(lit);
            literals.add(v);
            return v;
        }

        private static BigDecimal divide(BigDecimal a, BigDecimal b) throws CalcException {
            if (b.signum() == 0) {
                throw new CalcException("division by zero");
            }
            try {
                return a.divide(b);
            } catch (ArithmeticException nonTerminating) {
                return a.divide(b, DIVISION);
            }
        }

        private static BigDecimal bounded(BigDecimal v) throws CalcException {
            if (v.abs().compareTo(MAX_MAGNITUDE) >= 0) {
                throw new CalcException("overflow: result magnitude reaches 10^30");
            }
            return v;
        }
    }
}
