package dev.rwb.engine.chat;

/**
 * Rewrites the two pieces of Python-only Jinja syntax in Hugging Face chat templates that
 * jinjava's expression parser does not read, into jinjava expressions with the same meaning. Only
 * code inside {@code {{ }}} and {@code {% %}} is touched, never string literals or template text.
 * <ul>
 *   <li>The reversing slice {@code xs[::-1]} (Qwen3: {@code for message in messages[::-1]}) becomes
 *       {@code (xs|reverse)}.</li>
 *   <li>A keyword argument's value is put in parentheses ({@code namespace(i=xs|length - 1)} →
 *       {@code namespace(i=(xs|length - 1))}): jinjava binds {@code =} tighter than arithmetic, Jinja
 *       binds it loosest.</li>
 * </ul>
 */
final class TemplateSyntax {
    private static final String REVERSE_SLICE = "[::-1]";

    private TemplateSyntax() {
    }

    static String normalise(String template) {
        StringBuilder out = new StringBuilder(template.length() + 64);
        int i = 0;
        while (i < template.length()) {
            int open = nextCodeStart(template, i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open + 2);
            char kind = template.charAt(open + 1);
            if (kind == '#') {
                int end = template.indexOf("#}", open + 2);
                end = end < 0 ? template.length() : end + 2;
                out.append(template, open + 2, end);
                i = end;
                continue;
            }
            String closer = kind == '{' ? "}}" : "%}";
            int end = codeEnd(template, open + 2, closer);
            out.append(rewriteCode(template.substring(open + 2, end)));
            i = end;
        }
        return out.toString();
    }

    private static int nextCodeStart(String s, int from) {
        for (int i = s.indexOf('{', from); i >= 0 && i + 1 < s.length(); i = s.indexOf('{', i + 1)) {
            char c = s.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** Index of {@code closer} ending the code that starts at {@code from}, skipping string literals. */
    private static int codeEnd(String s, int from, String closer) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(s, i);
            } else if (s.startsWith(closer, i)) {
                return i;
            } else {
                i++;
            }
        }
        return s.length();
    }

    /** Index after the string literal opening at {@code open}. */
    private static int stringEnd(String s, int open) {
        char q = s.charAt(open);
        int i = open + 1;
        while (i < s.length() && s.charAt(i) != q) {
            i += s.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(i + 1, s.length());
    }

    static String rewriteCode(String code) {
        String reversed = reverseSlices(code);
        // A macro's parameter defaults are read by jinjava's macro tag itself, not by the expression parser.
        String head = reversed.stripLeading();
        head = head.startsWith("-") || head.startsWith("+") ? head.substring(1).stripLeading() : head;
        return head.startsWith("macro ") ? reversed : parenthesiseKeywordValues(reversed);
    }

    private static String reverseSlices(String code) {
        StringBuilder b = new StringBuilder(code);
        for (int at = indexOutsideStrings(b, REVERSE_SLICE, 0); at >= 0; at = indexOutsideStrings(b, REVERSE_SLICE, at)) {
            int start = operandStart(b, at);
            String operand = b.substring(start, at);
            String replacement = "(" + operand + "|reverse)";
            b.replace(start, at + REVERSE_SLICE.length(), replacement);
            at = start + replacement.length();
        }
        return b.toString();
    }

    /** Start of the postfix expression ending at {@code end}: a dotted name, calls and subscripts. */
    private static int operandStart(CharSequence s, int end) {
        int i = end;
        while (i > 0) {
            char c = s.charAt(i - 1);
            if (c == ')' || c == ']') {
                i = matchingOpen(s, i - 1);
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
                i--;
            } else {
                break;
            }
        }
        return i;
    }

    private static int matchingOpen(CharSequence s, int close) {
        char closer = s.charAt(close);
        char opener = closer == ')' ? '(' : '[';
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == closer) {
                depth++;
            } else if (c == opener && --depth == 0) {
                return i;
            }
        }
        return 0;
    }

    private static int indexOutsideStrings(CharSequence s, String needle, int from) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(s.toString(), i);
            } else if (s.toString().startsWith(needle, i)) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** {@code name=value} directly inside parentheses → {@code name=(value)}; comparisons are left alone. */
    private static String parenthesiseKeywordValues(String code) {
        StringBuilder out = new StringBuilder(code.length() + 8);
        java.util.ArrayDeque<Character> brackets = new java.util.ArrayDeque<>();
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(code, i);
                out.append(code, i, end);
                i = end;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                brackets.push(c);
            } else if ((c == ')' || c == ']' || c == '}') && !brackets.isEmpty()) {
                brackets.pop();
            }
            if (c == '=' && isKeywordEquals(code, i, brackets)) {
                int end = argumentEnd(code, i + 1);
                out.append("=(").append(code, i + 1, end).append(')');
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean isKeywordEquals(String code, int at, java.util.ArrayDeque<Character> brackets) {
        if (brackets.isEmpty() || brackets.peek() != '(') {
            return false;
        }
        char before = at > 0 ? code.charAt(at - 1) : ' ';
        char after = at + 1 < code.length() ? code.charAt(at + 1) : ' ';
        if (before == '=' || before == '!' || before == '<' || before == '>' || after == '=') {
            return false;
        }
        int j = at - 1;
        while (j >= 0 && code.charAt(j) == ' ') {
            j--;
        }
        return j >= 0 && (Character.isLetterOrDigit(code.charAt(j)) || code.charAt(j) == '_');
    }

    /** End of a call argument starting at {@code from}: the next top-level ',' or the closing ')'. */
    private static int argumentEnd(String code, int from) {
        int depth = 0;
        int i = from;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\'' || c == '"') {
                i = stringEnd(code, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
            i++;
        }
        return code.length();
    }
}
