package dev.rwb.app.tokens;

import dev.rwb.engine.trajectory.TokenArrays;
import dev.rwb.engine.trajectory.TokenExtrasText;

import java.util.Locale;

/** Everything stored about one token, as text for the hover tooltip and the details bar. */
public final class TokenInfo {
    private TokenInfo() {
    }

    /** Multi-line description with every per-token field of DESIGN §4, then whichever schema-7 fields were recorded. */
    public static String describe(TokenArrays t, int i) {
        StringBuilder extras = new StringBuilder();
        for (String line : TokenExtrasText.lines(t, i)) {
            extras.append('\n').append(line);
        }
        return String.format(Locale.ROOT, """
                token #%d  %s
                id %d   role %s   turn %d
                loss weight %s   clipped %s
                logprob %s   ref logprob %s
                entropy %s
                advantage %s
                contribution %s""",
                i, quoted(t.tokenText()[i]), t.tokenIds()[i], t.roles()[i], t.turns()[i],
                number(t.lossWeights()[i]), t.clipped()[i] ? "yes" : "no",
                number(t.logprobs()[i]), number(t.refLogprobs()[i]), number(t.entropies()[i]),
                number(t.advantages()[i]), number(t.contributions()[i])) + extras;
    }

    /** One-line summary for the details bar. */
    public static String oneLine(TokenArrays t, int i) {
        return describe(t, i).replace('\n', ' ').replaceAll(" {2,}", "  ");
    }

    /** A value with 4 significant decimals, "—" when not known. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r") + "\"";
    }
}
