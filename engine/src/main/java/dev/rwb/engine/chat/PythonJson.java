package dev.rwb.engine.chat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Python's {@code json.dumps} as transformers' {@code tojson} template filter calls it, so tool
 * schemas and tool-call arguments render byte for byte as they do in Python: {@code ", "} and
 * {@code ": "} separators ({@code "," } and {@code ": "} with an indent), non-ASCII kept
 * ({@code ensure_ascii=False}), and Python's escapes and number forms.
 */
final class PythonJson {
    private PythonJson() {
    }

    /**
     * @param indent spaces per level, or null for one line
     * @param sortKeys sort object keys
     * @param ensureAscii escape every non-ASCII character as {@code \\uXXXX}
     */
    static String dumps(Object value, Integer indent, boolean sortKeys, boolean ensureAscii) {
        StringBuilder out = new StringBuilder();
        write(out, value, indent, 0, sortKeys, ensureAscii);
        return out.toString();
    }

    private static void write(StringBuilder out, Object v, Integer indent, int depth, boolean sort, boolean ascii) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof String || v instanceof Character) {
            quote(out, v.toString(), ascii);
        } else if (v instanceof Double || v instanceof Float) {
            out.append(pythonFloat(((Number) v).doubleValue()));
        } else if (v instanceof BigDecimal d) {
            out.append(pythonFloat(d.doubleValue()));
        } else if (v instanceof Number n) {
            out.append(n.toString());
        } else if (v instanceof Map<?, ?> map) {
            Map<?, ?> entries = sort ? new TreeMap<>(stringKeys(map)) : map;
            if (entries.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                separator(out, first, indent, depth + 1);
                first = false;
                quote(out, String.valueOf(e.getKey()), ascii);
                out.append(": ");
                write(out, e.getValue(), indent, depth + 1, sort, ascii);
            }
            close(out, indent, depth, '}');
        } else if (v instanceof Collection<?> || v instanceof Object[]) {
            List<?> items = v instanceof Object[] arr ? List.of(arr) : new ArrayList<>((Collection<?>) v);
            if (items.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object item : items) {
                separator(out, first, indent, depth + 1);
                first = false;
                write(out, item, indent, depth + 1, sort, ascii);
            }
            close(out, indent, depth, ']');
        } else {
            quote(out, v.toString(), ascii);
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        map.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    /** One line: ", " between items; indented: "," then a newline and the next level's indent. */
    private static void separator(StringBuilder out, boolean first, Integer indent, int depth) {
        if (indent == null) {
            if (!first) {
                out.append(", ");
            }
            return;
        }
        if (!first) {
            out.append(',');
        }
        out.append('\n').append(" ".repeat(indent * depth));
    }

    private static void close(StringBuilder out, Integer indent, int depth, char bracket) {
        if (indent != null) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
        out.append(bracket);
    }

    /** Python's JSON string escapes: the short forms, {@code \\u00XX} for other controls. */
    private static void quote(StringBuilder out, String s, boolean ascii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ascii && c > 0x7e)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr(float)}: plain digits from 1e-4 up to 1e16, else {@code 1e-05} / {@code 1e+16} forms. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e16) {
            return new BigDecimal(d).toPlainString() + ".0";
        }
        double a = Math.abs(d);
        BigDecimal shortest = new BigDecimal(Double.toString(d));
        if (a >= 1e-4 && a < 1e16) {
            return shortest.toPlainString();
        }
        // Scientific: mantissa digits without trailing zeros, exponent with a sign and at least two digits.
        String digits = shortest.unscaledValue().abs().toString().replaceAll("0+$", "");
        int exponent = shortest.precision() - shortest.scale() - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = exponent < 0 ? "-" : "+";
        return (d < 0 ? "-" : "") + mantissa + "e" + sign + String.format("%02d", Math.abs(exponent));
    }
}
