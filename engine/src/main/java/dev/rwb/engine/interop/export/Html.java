package dev.rwb.engine.interop.export;

/** HTML text escaping for the exported pages. */
final class Html {
    private Html() {
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A number for people: 4 significant digits, "–" for unknown. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
