package dev.rwb.engine.chat;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Python {@code str} and {@code dict} methods Hugging Face chat templates call
 * ({@code message.content.startswith('<tool_response>')}, {@code .split('</think>')[-1].lstrip('\n')},
 * {@code tool.get('description', '')}), which Java strings lack or spell differently
 * ({@code String.split} takes a regex, Python's a literal). Resolves only those calls and leaves
 * everything else to jinjava's own resolvers.
 */
final class PythonMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (base == null || method == null) {
            return null;
        }
        Object[] args = params == null ? new Object[0] : params;
        Object result;
        boolean handled = true;
        if (base instanceof String s) {
            result = switch (method.toString()) {
                case "startswith" -> startsOrEnds(s, args, true);
                case "endswith" -> startsOrEnds(s, args, false);
                case "strip" -> rstrip(lstrip(s, arg(args, 0)), arg(args, 0));
                case "lstrip" -> lstrip(s, arg(args, 0));
                case "rstrip" -> rstrip(s, arg(args, 0));
                case "split" -> split(s, arg(args, 0), args.length > 1 ? ((Number) args[1]).intValue() : -1);
                case "upper" -> s.toUpperCase(java.util.Locale.ROOT);
                case "lower" -> s.toLowerCase(java.util.Locale.ROOT);
                case "title" -> title(s);
                case "capitalize" -> s.isEmpty() ? s
                        : s.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + s.substring(1).toLowerCase(java.util.Locale.ROOT);
                case "replace" -> s.replace(String.valueOf(args[0]), String.valueOf(args[1]));
                case "find" -> (long) s.indexOf(String.valueOf(args[0]));
                case "count" -> count(s, String.valueOf(args[0]));
                case "join" -> join(s, args[0]);
                default -> {
                    handled = false;
                    yield null;
                }
            };
        } else if (base instanceof Map<?, ?> map && "get".equals(method.toString()) && args.length == 2) {
            result = map.containsKey(args[0]) ? map.get(args[0]) : args[1];
        } else {
            return null;
        }
        if (handled) {
            context.setPropertyResolved(true);
        }
        return result;
    }

    private static String arg(Object[] args, int i) {
        return args.length > i && args[i] != null ? args[i].toString() : null;
    }

    /** {@code startswith} / {@code endswith} with one prefix or a tuple of them. */
    private static boolean startsOrEnds(String s, Object[] args, boolean start) {
        Object a = args[0];
        Collection<?> options = a instanceof Collection<?> c ? c : List.of(String.valueOf(a));
        for (Object o : options) {
            String p = String.valueOf(o);
            if (start ? s.startsWith(p) : s.endsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Python {@code lstrip(chars)}: drops leading characters in {@code chars} (whitespace when null). */
    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && strips(s.charAt(i), chars)) {
            i++;
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int j = s.length();
        while (j > 0 && strips(s.charAt(j - 1), chars)) {
            j--;
        }
        return s.substring(0, j);
    }

    private static boolean strips(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    /** Python {@code split}: a literal separator; none means runs of whitespace, empty pieces dropped. */
    static List<String> split(String s, String sep, int maxSplit) {
        List<String> out = new ArrayList<>();
        if (sep == null) {
            for (String piece : s.strip().split("\\s+", maxSplit < 0 ? 0 : maxSplit + 1)) {
                if (!piece.isEmpty()) {
                    out.add(piece);
                }
            }
            return out;
        }
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("split: empty separator");
        }
        int from = 0;
        int at;
        while ((maxSplit < 0 || out.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean upperNext = true;
        for (char c : s.toCharArray()) {
            b.append(upperNext ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upperNext = !Character.isLetter(c);
        }
        return b.toString();
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String sep, Object items) {
        List<String> parts = new ArrayList<>();
        if (items instanceof Iterable<?> it) {
            for (Iterator<?> i = it.iterator(); i.hasNext(); ) {
                parts.add(String.valueOf(i.next()));
            }
        } else {
            parts.add(String.valueOf(items));
        }
        return String.join(sep, parts);
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // Not a property resolver: leaves assignments to the resolvers after it.
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
