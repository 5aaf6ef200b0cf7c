package dev.rwb.engine.env;

import java.util.Random;

/** Deliberate small mistakes for noisy demonstrations (an arithmetic slip changes one digit). */
public final class Slips {
    private Slips() {
    }

    /** Changes one digit of the first run of digits in {@code text} (never its leading digit to zero). */
    public static String changeOneDigit(String text, Random rng) {
        int first = -1;
        int end = -1;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                if (first < 0) {
                    first = i;
                }
                end = i + 1;
            } else if (first >= 0) {
                break;
            }
        }
        if (first < 0) {
            return text + "1";
        }
        int at = first + rng.nextInt(end - first);
        int old = text.charAt(at) - '0';
        int lowest = (at == first && end - first > 1) ? 1 : 0;
        int replacement;
        do {
            replacement = lowest + rng.nextInt(10 - lowest);
        } while (replacement == old);
        return text.substring(0, at) + replacement + text.substring(at + 1);
    }
}
