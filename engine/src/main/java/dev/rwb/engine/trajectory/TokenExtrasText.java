package dev.rwb.engine.trajectory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema-7 fields of one token as short lines for a tooltip (the inspector's and the HTML
 * export's): only what the source recorded, so a trajectory without them shows nothing extra.
 */
public final class TokenExtrasText {
    /** Alternatives shown per token; the rest are counted. */
    static final int SHOWN_ALTERNATIVES = 5;

    private TokenExtrasText() {
    }

    /** Lines such as {@code trainer logprob -0.5121   importance ratio 1.0040   mismatch KL 0.0000}. */
    public static List<String> lines(TokenArrays a, int i) {
        List<String> out = new ArrayList<>();
        float trainer = a.trainerLogprobs()[i];
        float kl = a.mismatchKl()[i];
        if (!Float.isNaN(trainer) || !Float.isNaN(kl)) {
            StringBuilder sb = new StringBuilder();
            if (!Float.isNaN(trainer)) {
                sb.append("trainer logprob ").append(number(trainer));
                double ratio = a.importanceRatio(i);
                if (!Double.isNaN(ratio)) {
                    sb.append("   importance ratio ").append(number(ratio));
                }
            }
            if (!Float.isNaN(kl)) {
                sb.append(sb.length() > 0 ? "   " : "").append("mismatch KL ").append(number(kl));
            }
            out.add(sb.toString());
        }
        TopLogprobs top = a.topLogprobs()[i];
        if (!top.isEmpty()) {
            StringBuilder sb = new StringBuilder("top ").append(top.size()).append(':');
            for (int k = 0; k < Math.min(SHOWN_ALTERNATIVES, top.size()); k++) {
                sb.append(k == 0 ? " " : ", ").append(quoted(top.tokens()[k])).append(' ')
                        .append(number(top.logprobs()[k]));
            }
            if (top.size() > SHOWN_ALTERNATIVES) {
                sb.append(", … ").append(top.size() - SHOWN_ALTERNATIVES).append(" more");
            }
            out.add(sb.toString());
        }
        if (!a.lossStreams().isEmpty()) {
            StringBuilder sb = new StringBuilder("loss streams");
            for (Map.Entry<String, float[]> e : a.lossStreams().entrySet()) {
                sb.append(' ').append(e.getKey()).append(' ').append(number(e.getValue()[i]));
            }
            out.add(sb.toString());
        }
        return out;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "\"";
    }
}
