package dev.rwb.engine.interop;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The hand scanner cuts text exactly where Java's regex engine does with the same pattern. */
class SplitScannerTest {
    private static final String ALPHABET = "aZ ſK\u212a'sStTrReEvVmMlLdD09²٣Ⅻ日é😀🏽\u200d!?.,<>/\n\r\t\u000b\f\u0085\u00a0\u2028\u3000\u001f-_";

    @Test
    void cutsLikeTheRegexOnRandomText() {
        for (String pattern : List.of(SplitScanner.QWEN, SplitScanner.GPT4)) {
            Pattern regex = Pattern.compile(pattern, Pattern.UNICODE_CHARACTER_CLASS);
            SplitScanner scanner = SplitScanner.forPattern(pattern);
            int[] cps = ALPHABET.codePoints().toArray();
            SplittableRandom rnd = new SplittableRandom(11);
            for (int r = 0; r < 20_000; r++) {
                StringBuilder sb = new StringBuilder();
                for (int k = 1 + rnd.nextInt(24); k > 0; k--) {
                    sb.appendCodePoint(cps[rnd.nextInt(cps.length)]);
                }
                String text = sb.toString();
                int from = rnd.nextInt(3) == 0 ? 0 : Math.min(text.length(), rnd.nextInt(3));
                if (from < text.length() && Character.isLowSurrogate(text.charAt(from))) {
                    from--;
                }
                assertEquals(byRegex(regex, text, from), byScanner(scanner, text, from), "cuts of '" + text + "' from " + from);
            }
        }
        assertNull(SplitScanner.forPattern("\\s+"));
    }

    private static List<String> byRegex(Pattern regex, String text, int from) {
        List<String> out = new ArrayList<>();
        Matcher m = regex.matcher(text);
        m.region(from, text.length());
        int cursor = from;
        while (m.find()) {
            if (m.start() > cursor) {
                out.add("gap:" + text.substring(cursor, m.start()));
            }
            out.add(m.group());
            cursor = m.end();
        }
        return out;
    }

    private static List<String> byScanner(SplitScanner scanner, String text, int from) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < text.length(); ) {
            int end = scanner.matchEnd(text, i, text.length());
            out.add(text.substring(i, end));
            i = end;
        }
        return out;
    }
}
