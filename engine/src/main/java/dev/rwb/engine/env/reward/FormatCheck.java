package dev.rwb.engine.env.reward;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The format reward's rule: every protocol tag is closed before the next tag opens (no nesting,
 * no stray closing tag), and the response ends with exactly one {@code <answer>…</answer>}
 * (only whitespace or EOS may follow it).
 */
public final class FormatCheck {
    private static final Pattern TAG = Pattern.compile("<(/?)(think|search|information|calc|result|answer)>");
    private static final Set<String> TRAILING_ALLOWED = Set.of("", "<eos>");

    private FormatCheck() {
    }

    /** True when {@code response} (everything after the prompt) is well formed. */
    public static boolean isWellFormed(String response) {
        Matcher m = TAG.matcher(response);
        String open = null;
        int answers = 0;
        int answerEnd = -1;
        while (m.find()) {
            boolean closing = !m.group(1).isEmpty();
            String name = m.group(2);
            if (!closing) {
                if (open != null || answerEnd >= 0) {
                    return false;
                }
                open = name;
            } else {
                if (!name.equals(open)) {
                    return false;
                }
                open = null;
                if (name.equals("answer")) {
                    answers++;
                    answerEnd = m.end();
                }
            }
        }
        return open == null && answers == 1
                && TRAILING_ALLOWED.contains(response.substring(answerEnd).strip());
    }
}
