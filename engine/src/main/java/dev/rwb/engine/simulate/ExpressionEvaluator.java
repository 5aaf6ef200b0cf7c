package dev.rwb.engine.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * A safe evaluator for the samples' checker: integers, + − × ÷ and parentheses, evaluated in
 * double precision (as TinyZero's countdown checker does). Never evaluates anything else.
 */
final class ExpressionEvaluator {
    private final String src;
    private int pos;
    private final List<Integer> numbers = new ArrayList<>();

    private ExpressionEvaluator(String src) {
        this.src = src;
    }

    /** The value and the integer literals used, in order. */
    record Result(double value, List<Integer> numbers) {
    }

    /** Evaluates an expression; throws IllegalArgumentException naming the position of the problem. */
    static Result evaluate(String expression) {
        ExpressionEvaluator e = new ExpressionEvaluator(expression);
        double v = e.sum();
        e.skipSpaces();
        if (e.pos != e.src.length()) {
            throw e.error("unexpected '" + e.src.charAt(e.pos) + "'");
        }
        return new Result(v, List.copyOf(e.numbers));
    }

    private double sum() {
        double v = product();
        while (true) {
            skipSpaces();
            if (eat('+')) {
                v += product();
            } else if (eat('-')) {
                v -= product();
            } else {
                return v;
            }
        }
    }

    private double product() {
        double v = atom();
        while (true) {
            skipSpaces();
            if (eat('*')) {
                v *= atom();
            } else if (eat('/')) {
                v /= atom();
            } else {
                return v;
            }
        }
    }

    private double atom() {
        skipSpaces();
        if (eat('(')) {
            double v = sum();
            skipSpaces();
            if (!eat(')')) {
                throw error("expected ')'");
            }
            return v;
        }
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error(pos < src.length() ? "unexpected '" + src.charAt(pos) + "'" : "unexpected end");
        }
        if (pos - start > 9) {
            throw error("number too long");
        }
        int n = Integer.parseInt(src.substring(start, pos));
        numbers.add(n);
        return n;
    }

    private boolean eat(char c) {
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < src.length() && src.charAt(pos) == ' ') {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at position " + pos + " of '" + src + "'");
    }
}
