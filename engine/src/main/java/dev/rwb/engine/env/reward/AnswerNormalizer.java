package dev.rwb.engine.env.reward;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalises answers before exact match (SQuAD style, extended for numbers): lower case, articles
 * and punctuation removed, whitespace collapsed, and every number written canonically, so
 * "1,000" = "1000" = "1000.0" and "The Paris." = "paris".
 */
public final class AnswerNormalizer {
    private static final Set<String> ARTICLES = Set.of("a", "an", "the");
    /** A number with optional sign, thousands commas and decimals. */
    private static final Pattern NUMBER = Pattern.compile("[-+−]?(\\d{1,3}(,\\d{3})+|\\d+)(\\.\\d+)?|[-+−]?\\.\\d+");
    private static final Pattern EDGE_PUNCT = Pattern.compile("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$");
    private static final Pattern PUNCT = Pattern.compile("[\\p{Punct}‘’“”–—]");

    private AnswerNormalizer() {
    }

    /** The canonical form of an answer. */
    public static String normalize(String answer) {
        if (answer == null) {
            return "";
        }
        List<String> words = new ArrayList<>();
        for (String raw : answer.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            String word = canonicalNumber(raw);
            if (word == null) {
                word = PUNCT.matcher(raw).replaceAll("");
            }
            if (!word.isEmpty() && !ARTICLES.contains(word)) {
                words.add(word);
            }
        }
        return String.join(" ", words);
    }

    /** True when both answers normalise to the same non-empty text. */
    public static boolean matches(String prediction, String truth) {
        String p = normalize(prediction);
        return !p.isEmpty() && p.equals(normalize(truth));
    }

    /** The canonical decimal form of a word that is a number (punctuation around it ignored), else null. */
    static String canonicalNumber(String word) {
        String core = word;
        // Trailing sentence punctuation ("1,000." or "42!") is not part of the number.
        while (!core.isEmpty() && ".,;:!?)".indexOf(core.charAt(core.length() - 1)) >= 0) {
            core = core.substring(0, core.length() - 1);
        }
        while (!core.isEmpty() && "(".indexOf(core.charAt(0)) >= 0) {
            core = core.substring(1);
        }
        if (!NUMBER.matcher(core).matches()) {
            return null;
        }
        String plain = core.replace(",", "").replace('−', '-');
        BigDecimal v = new BigDecimal(plain).stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        return v.scale() < 0 ? v.setScale(0).toPlainString() : v.toPlainString();
    }
}
